package io.redisdouble.fault;

import java.time.Instant;
import java.util.List;

/**
 * One firing of a fault rule, as recorded in {@link Faults#log()}.
 *
 * @param seq           the firing's number on this server, from 1, in the order they happened
 * @param rule          the rule that fired
 * @param kind          what it did
 * @param clientId      the client's id (CLIENT ID); 0 for a refused connection, which never had one
 * @param clientName    the client's name (CLIENT SETNAME), or null
 * @param clientAddress the client's address, {@code ip:port}
 * @param command       the request's arguments (as UTF-8 text); empty when the fault hit the connection
 *                      itself (a refused connection, a client stalled when the rule was added)
 * @param at            when it fired, on the wall clock (faults act on real time, not on the server's clock)
 */
public record FaultEvent(long seq, FaultRule rule, FaultRule.Kind kind, long clientId, String clientName,
                         String clientAddress, List<String> command, Instant at) {

    @Override
    public String toString() {
        return "#" + seq + " rule=" + rule.id() + " " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + " client=" + clientId + (clientName == null ? "" : " name=" + clientName) + " addr=" + clientAddress
                + (command.isEmpty() ? "" : " command=" + String.join(" ", command)) + " at=" + at;
    }
}
