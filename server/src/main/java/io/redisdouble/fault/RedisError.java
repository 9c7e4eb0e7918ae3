package io.redisdouble.fault;

import io.redisdouble.command.Errors;
import io.redisdouble.dialect.Dialect;

/**
 * The errors of server states a test cannot otherwise bring about, each in the emulated version's exact
 * words (server.c's shared error objects, cluster.c's TRYAGAIN), for
 * {@link Faults.On#replyError(RedisError)}.
 */
public enum RedisError {
    /** {@code LOADING Redis is loading the dataset in memory}: the server is loading its data after a restart. */
    LOADING,
    /** {@code READONLY You can't write against a read only replica.}: a failover turned the node into a replica. */
    READONLY,
    /** {@code BUSY Redis is busy running a script. …}: another client's script runs past busy-reply-threshold. */
    BUSY,
    /** {@code OOM command not allowed when used memory > 'maxmemory'.}: memory is full. */
    OOM,
    /** {@code MASTERDOWN Link with MASTER is down …}: a replica lost its master. */
    MASTERDOWN,
    /** {@code TRYAGAIN Multiple keys request during rehashing of slot}: a cluster slot is being migrated. */
    TRYAGAIN;

    /** The error's text (without the leading '-') as this dialect's server sends it. */
    public String text(Dialect d) {
        return switch (this) {
            case LOADING -> Errors.loading(d);
            case READONLY -> Errors.READONLY_REPLICA;
            case BUSY -> Errors.busyScript(d);
            case OOM -> Errors.OOM;
            case MASTERDOWN -> Errors.MASTERDOWN;
            case TRYAGAIN -> Errors.TRYAGAIN;
        };
    }
}
