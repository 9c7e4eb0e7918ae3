package io.redisdouble.keyspace;

/**
 * A stored value that COPY can duplicate: {@link #deepCopy} returns an independent value of the same
 * type and content, as the per-type duplicators Redis's COPY uses (dupStringObject, setTypeDup,
 * zsetDup, hashTypeDup…). Strings ({@code byte[]}) are copied by COPY itself; every other value
 * class implements this so that COPY works on it.
 */
public interface CopyableValue {
    Object deepCopy();
}
