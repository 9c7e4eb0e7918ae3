package io.redisdouble.command;

import io.redisdouble.resp.Reply;
import io.redisdouble.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * CLIENT PAUSE timeout [WRITE|ALL] and CLIENT UNPAUSE (networking.c pauseClients / unpauseClients) on the
 * server's clock. While paused, processCommand postpones a client's command (ALL: every command; WRITE:
 * commands that may replicate — writes, EVAL, PUBLISH…, a script as its shebang or function flags declare
 * it, and EXEC of such) until the pause ends: the
 * client waits as a blocked one (its later requests too) and its command then runs in arrival order.
 * Monitors are never paused. Active expiry is suspended meanwhile.
 */
final class ClientPause {
    static final int OFF = 0, WRITE_ONLY = 1, ALL = 2;

    private final Engine engine;
    private int type = OFF;
    private long end;
    private record Postponed(Session session, byte[][] argv) {}
    private final List<Postponed> postponed = new ArrayList<>();
    private final List<Postponed> ready = new ArrayList<>();

    ClientPause(Engine engine) {
        this.engine = engine;
    }

    static void register(CommandTable t) {
        CommandSpec client = t.lookup("client");
        if (client == null) return;
        client.sub("pause", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), ClientPause::pause);
        client.sub("unpause", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), c -> {
            c.engine.pause.unpause();
            return Reply.OK;
        });
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked first, then the timeout (ms). */
    static Reply pause(Call c) throws CommandException {
        if (c.argc() > 4) throw Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), "CLIENT"));
        int t = ALL;
        if (c.argc() == 4) {
            if (c.is(3, "write")) t = WRITE_ONLY;
            else if (c.is(3, "all")) t = ALL;
            else throw Call.error(Errors.CLIENT_PAUSE_MODE);
        }
        long ms;
        try {
            ms = RedisNumbers.parseLong(c.arg(2));
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(Errors.TIMEOUT_NOT_INTEGER);
        }
        if (ms < 0) throw Call.error(Errors.TIMEOUT_NEGATIVE);
        long until = ms > Long.MAX_VALUE - c.now ? Long.MAX_VALUE : c.now + ms;
        c.engine.pause.pauseUntil(until, t);
        return Reply.OK;
    }

    /** pauseClients: the stronger type and the later end win over a pause already running. */
    void pauseUntil(long until, int t) {
        if (t > type) type = t;
        if (until > end) end = until;
    }

    /** True while a pause is on at {@code now} (one whose end has come is lifted here). */
    boolean paused(long now) {
        if (type == OFF) return false;
        if (now >= end) {
            unpause();
            return false;
        }
        return true;
    }

    /** Whether processCommand postpones this command now. */
    boolean postpones(Session s, CommandSpec spec, byte[][] argv, long now) {
        if (type == OFF || s.monitor || s.id == 0 || s.link == null) return false;
        if (!paused(now)) return false;
        return type == ALL || engine.isMayReplicateCommand(s, spec, argv);
    }

    /** blockClient(BLOCKED_POSTPONE): the client waits, its request kept to run when the pause ends. */
    Reply postpone(Session s, byte[][] argv) {
        postponed.add(new Postponed(s, argv));
        s.blocked = new Blocking.Blocked(s, s.db, List.of(), end == Long.MAX_VALUE ? 0 : end, null);
        return Blocking.BLOCKED;
    }

    /** unpauseClients: the postponed clients are run again (after the current command, in arrival order). */
    void unpause() {
        type = OFF;
        end = 0;
        ready.addAll(postponed);
        postponed.clear();
    }

    /** Clients waiting for the pause to end (blockClient counts BLOCKED_POSTPONE in blocked_clients). */
    int postponedClients() {
        return postponed.size() + ready.size();
    }

    /** A client that disconnected while postponed is forgotten. */
    void forget(Session s) {
        postponed.removeIf(p -> p.session() == s);
        ready.removeIf(p -> p.session() == s);
    }

    /** Runs the requests of the clients a pause released (from the top level, never inside a command). */
    void runReleased() {
        if (releasing) return; // each released command's own end would start this again: one loop, in order
        releasing = true;
        try {
            while (!ready.isEmpty()) {
                Postponed p = ready.remove(0);
                Session s = p.session();
                s.blocked = null;
                Reply r = engine.execute(s, p.argv());
                if (r != null) s.link.push(r);
                if (!s.isBlocked()) s.link.unblocked();
            }
        } finally {
            releasing = false;
        }
    }

    private boolean releasing;
}
