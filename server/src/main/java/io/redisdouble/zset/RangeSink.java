package io.redisdouble.zset;

/**
 * Receives the elements of a range query, one call per element, in the order of the query.
 *
 * <p>The member array is the one stored in the set: the sink must not modify it. The sink must not
 * modify the {@link ZSet} it is reading from.
 */
@FunctionalInterface
public interface RangeSink {
    void accept(byte[] member, double score);
}
