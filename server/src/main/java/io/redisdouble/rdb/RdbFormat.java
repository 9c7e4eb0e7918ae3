package io.redisdouble.rdb;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;

/** The RDB types (rdb.h) and the version a dialect's DUMP writes and its RESTORE accepts. */
final class RdbFormat {
    private RdbFormat() {}

    static final int STRING = 0, LIST = 1, SET = 2, ZSET = 3, HASH = 4, ZSET_2 = 5, MODULE_PRE_GA = 6, MODULE_2 = 7;
    static final int HASH_ZIPMAP = 9, LIST_ZIPLIST = 10, SET_INTSET = 11, ZSET_ZIPLIST = 12, HASH_ZIPLIST = 13;
    static final int LIST_QUICKLIST = 14, STREAM_LISTPACKS = 15, HASH_LISTPACK = 16, ZSET_LISTPACK = 17;
    static final int LIST_QUICKLIST_2 = 18, STREAM_LISTPACKS_2 = 19, SET_LISTPACK = 20, STREAM_LISTPACKS_3 = 21;
    static final int HASH_METADATA_PRE_GA = 22, HASH_LISTPACK_EX_PRE_GA = 23, HASH_METADATA = 24, HASH_LISTPACK_EX = 25;

    /** QUICKLIST_NODE_CONTAINER_PLAIN / _PACKED. */
    static final int CONTAINER_PLAIN = 1, CONTAINER_PACKED = 2;

    /** RDB_VERSION of the dialect's server: 9 (6.2), 10 (7.0), 11 (7.2, Valkey 8.0), 12 (7.4, 8.0). */
    static int version(Dialect d) {
        if (d.has(Quirk.RDB_HASH_FIELD_TTLS)) return 12;
        if (d.has(Quirk.RDB_SET_LISTPACK)) return 11;
        if (d.has(Quirk.RDB_LISTPACKS)) return 10;
        return 9;
    }

    /** The highest object type the dialect's rdbIsObjectType accepts. */
    static int maxType(Dialect d) {
        if (d.has(Quirk.RDB_HASH_FIELD_TTLS)) return HASH_LISTPACK_EX;
        if (d.has(Quirk.RDB_SET_LISTPACK)) return STREAM_LISTPACKS_3;
        if (d.has(Quirk.RDB_LISTPACKS)) return STREAM_LISTPACKS_2;
        return STREAM_LISTPACKS;
    }
}
