package io.redisdouble.command;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.rdb.Packed;
import io.redisdouble.rdb.RdbReader;
import io.redisdouble.rdb.RdbWriter;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

/**
 * DUMP, RESTORE, RESTORE-ASKING and MIGRATE (cluster.c dumpCommand, restoreCommand, migrateCommand).
 * The payload is Redis's own serialization ({@link RdbWriter}, {@link RdbReader}): a value dumped by the
 * emulated server (or an older one) restores here, and the other way round.
 *
 * <p>MIGRATE parses its arguments as Redis does and answers NOKEY when none of its keys exists; moving
 * keys to another server is not supported (redis-double opens no outgoing connections): it answers
 * {@link Errors#MIGRATE_UNSUPPORTED} instead.
 */
final class DumpCommands {
    private DumpCommands() {}

    static void register(CommandTable t) {
        t.add("dump", 2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.DUMP));
        t.add("restore", -4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.RESTORE));
        if (t.known("restore-asking")) t.add("restore-asking", -4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.RESTORE));
        t.add("migrate", -6, flags(WRITE), 3, 3, 1, new Dispatch(Dispatch.MIGRATE));
    }

    /** DUMP key: the payload, or nil (lookupKeyRead: a miss is a "keymiss"). */
    static Reply dump(Call c) {
        Object v = c.lookupRead(c.arg(1));
        if (v == null) return Reply.NIL;
        return Reply.bulk(RdbWriter.dump(v, c.dialect(), c.engine.config().limits(),
                !"no".equals(c.engine.config().get("rdbcompression"))));
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME s] [FREQ f], checked in restoreCommand's order. */
    static Reply restore(Call c) throws CommandException {
        boolean replace = false, absttl = false;
        long freq = -1, idle = -1;
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.is(j, "replace")) {
                replace = true;
            } else if (c.is(j, "absttl")) {
                absttl = true;
            } else if (c.is(j, "idletime") && additional >= 1 && freq == -1) {
                idle = c.longArg(j + 1);
                if (idle < 0) throw Call.error(Errors.RESTORE_INVALID_IDLETIME);
                j++;
            } else if (c.is(j, "freq") && additional >= 1 && idle == -1) {
                freq = c.longArg(j + 1);
                if (freq < 0 || freq > 255) throw Call.error(Errors.RESTORE_INVALID_FREQ);
                j++;
            } else {
                throw Call.syntax();
            }
        }
        byte[] key = c.arg(1);
        Database db = c.db();
        if (!replace && db.lookup(key, c.now) != null) throw Call.error(Errors.BUSYKEY);
        long ttl = c.longArg(2);
        if (ttl < 0) throw Call.error(Errors.RESTORE_INVALID_TTL);
        byte[] payload = c.arg(3);
        if (!RdbReader.verify(payload, c.dialect())) throw Call.error(Errors.DUMP_PAYLOAD_WRONG);
        Object value;
        try {
            value = RdbReader.load(payload, c.dialect(), c.engine.config().limits(), c.engine.random());
        } catch (Packed.Corrupt | RuntimeException e) {
            throw Call.error(Errors.BAD_DATA_FORMAT);
        }
        boolean deleted = replace && db.delete(key, c.now);
        if (ttl != 0 && !absttl) ttl += c.clockMillis(); // mstime() (7.2: commandTimeSnapshot)
        if (ttl != 0 && ttl <= c.clockMillis()) {
            if (deleted) db.modified(key, KeyspaceEvents.GENERIC, "del");
            return Reply.OK;
        }
        Dict.Entry e = db.add(key, value);
        if (ttl != 0) db.setExpire(e, ttl);
        int stamp = db.access().restoredStamp(freq, idle, c.now);
        if (stamp >= 0) db.accessStamp(e, stamp);
        db.modified(key, KeyspaceEvents.GENERIC, "restore");
        return Reply.OK;
    }

    /** migrateGetKeys: the key positions COMMAND GETKEYS reports for a MIGRATE command line. */
    static int[] migrateKeyPositions(Dialect d, byte[][] argv) {
        int first = 3, num = 1;
        boolean skips = d.has(Quirk.MIGRATE_GETKEYS_SKIPS_OPTIONS);
        for (int i = 6; i < argv.length; i++) {
            if (Bytes.eqIgnoreCase(argv[i], "keys")) {
                if (argv[3].length == 0) {
                    first = i + 1;
                    num = argv.length - first;
                    break;
                }
                if (skips) {
                    num = 0;
                    break;
                }
                continue;
            }
            if (skips && Bytes.eqIgnoreCase(argv[i], "auth")) i += 1;
            else if (skips && Bytes.eqIgnoreCase(argv[i], "auth2")) i += 2;
        }
        int[] out = new int[num];
        for (int i = 0; i < num; i++) out[i] = first + i;
        return out;
    }

    /**
     * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS key…]:
     * options and numbers are checked as Redis checks them, NOKEY when no key is there; else the error.
     */
    static Reply migrate(Call c) throws CommandException {
        int firstKey = 3, numKeys = 1;
        for (int j = 6; j < c.argc(); j++) {
            int more = c.argc() - 1 - j;
            if (c.is(j, "copy") || c.is(j, "replace")) {
                continue;
            } else if (c.is(j, "auth")) {
                if (more < 1) throw Call.syntax();
                j++;
            } else if (c.is(j, "auth2")) {
                if (more < 2) throw Call.syntax();
                j += 2;
            } else if (c.is(j, "keys")) {
                if (c.arg(3).length != 0) throw Call.error(Errors.MIGRATE_KEYS_WITH_KEY);
                firstKey = j + 1;
                numKeys = c.argc() - j - 1;
                break;
            } else {
                throw Call.syntax();
            }
        }
        c.longArg(5);
        c.longArg(4);
        boolean any = false;
        for (int j = 0; j < numKeys; j++) any |= c.lookupRead(c.arg(firstKey + j)) != null;
        if (!any) return Reply.simple("NOKEY");
        throw Call.error(Errors.MIGRATE_UNSUPPORTED);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int DUMP = 0;
        static final int RESTORE = 1;
        static final int MIGRATE = 2;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case DUMP -> dump(c);
                case RESTORE -> restore(c);
                case MIGRATE -> migrate(c);
                default -> throw unknown();
            };
        }
    }
}
