package io.redisdouble.resp;

/**
 * A request that breaks the protocol. Redis answers "-ERR Protocol error: &lt;message&gt;" and closes the
 * connection after the reply (networking.c setProtocolError).
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }

    /** The full error line to send, without the leading '-'. */
    public String errorText() {
        return "ERR Protocol error: " + getMessage();
    }
}
