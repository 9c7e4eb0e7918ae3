package io.redisdouble.command;

import io.redisdouble.resp.Reply;

/**
 * Thrown by a handler (or the argument parsers it calls) to answer with an error reply. Stackless:
 * errors are ordinary control flow for a Redis server.
 */
public final class CommandException extends Exception {
    private final Reply reply;

    public CommandException(String errorText) {
        super(errorText, null, false, false);
        this.reply = Reply.error(errorText);
    }

    public CommandException(Reply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    public Reply reply() {
        return reply;
    }
}
