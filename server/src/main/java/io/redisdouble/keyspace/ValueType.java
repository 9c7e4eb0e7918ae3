package io.redisdouble.keyspace;

/** The type of a stored value, as TYPE and SCAN TYPE name it. */
public enum ValueType {
    STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream");

    private final String name;

    ValueType(String name) {
        this.name = name;
    }

    /** The name TYPE replies with. */
    public String typeName() {
        return name;
    }

    /** The type of a stored value (strings are byte arrays). */
    public static ValueType of(Object value) {
        if (value instanceof byte[]) return STRING;
        if (value instanceof io.redisdouble.zset.ZSet) return ZSET;
        if (value instanceof RedisHash) return HASH;
        if (value instanceof RedisSet) return SET;
        if (value instanceof RedisList) return LIST;
        if (value instanceof io.redisdouble.stream.RedisStream) return STREAM;
        throw new IllegalStateException("unknown value class " + value.getClass());
    }
}
