package io.redisdouble;

/** An error reply to a command run through the direct API; the message is Redis's error text. */
public final class RedisDoubleException extends RuntimeException {
    public RedisDoubleException(String errorText) {
        super(errorText);
    }
}
