package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Connection commands: PING, ECHO, SELECT, QUIT, AUTH, HELLO, RESET and CLIENT (networking.c,
 * acl.c, server.c). Only the user "default" exists; its password is the requirepass parameter (none:
 * the user is "nopass" and any password is accepted for it).
 */
final class ConnectionCommands {
    private ConnectionCommands() {}

    static void register(CommandTable t) {
        t.add("ping", -1, flags(FAST), new Dispatch(Dispatch.PING));
        t.add("echo", 2, flags(FAST), new Dispatch(Dispatch.ECHO));
        t.add("select", 2, flags(LOADING, STALE, FAST), new Dispatch(Dispatch.SELECT));
        t.add("quit", -1, flags(ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, NO_MULTI), new Dispatch(Dispatch.QUIT));
        t.add("auth", -2, flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY), new Dispatch(Dispatch.AUTH));
        t.add("hello", -1, flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY), new Dispatch(Dispatch.HELLO));
        // RESET runs even inside MULTI; 6.2 requires authentication for it, 7.0 does not.
        t.add("reset", 1, t.has(Quirk.RESET_WITHOUT_AUTH) ? flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, NO_MULTI, ALLOW_BUSY)
                : flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI), new Dispatch(Dispatch.RESET));

        // CLIENT: 7.0 checks each subcommand's arity in processCommand; 6.2 in clientCommand, where
        // a few subcommands (KILL, LIST) accept any count and answer "syntax error" themselves.
        CommandSpec client = t.add("client", -2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_CONTAINER));
        client.sub("id", 2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_ID));
        client.sub("info", 2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_INFO));
        client.sub("list", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_LIST));
        client.sub("kill", t.has(Quirk.SUBCOMMANDS_AS_COMMANDS) ? -3 : -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_KILL));
        client.sub("getname", 2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_GETNAME));
        client.sub("setname", 3, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_SETNAME));
        client.sub("reply", 3, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_REPLY));
        TrackingCommands.register(t, client); // TRACKING, CACHING, GETREDIR, TRACKINGINFO
        client.sub("unblock", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_UNBLOCK));
        client.sub("unpause", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_UNPAUSE));
        client.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.CLIENT_HELP));
        if (t.known("client|no-evict")) client.sub("no-evict", 3, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_NO_EVICT));
        if (t.known("client|setinfo")) client.sub("setinfo", 4, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_SETINFO));
        if (t.known("client|no-touch")) client.sub("no-touch", 3, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_NO_TOUCH));
        // Valkey: CLIENT CAPA REDIRECT… declares capabilities (only used by replicas' -REDIRECT); always OK.
        if (t.known("client|capa")) client.sub("capa", -3, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_CAPA));
        // Not registered (they answer the version's unknown-subcommand error): PAUSE (no client pausing
        // here); SETINFO / NO-TOUCH before 7.2.
    }

    // ---- PING, ECHO, SELECT, QUIT --------------------------------------------------------------------

    static Reply ping(Call c) throws CommandException {
        if (c.argc() > 2) throw Call.error(Errors.wrongArity("ping"));
        Reply subscribed = PubSubCommands.subscribedPong(c); // RESP2 subscribed mode: *2 pong <arg>
        if (subscribed != null) return subscribed;
        return c.argc() == 1 ? Reply.PONG : Reply.bulk(c.arg(1));
    }

    static Reply echo(Call c) {
        return Reply.bulk(c.arg(1));
    }

    /** selectCommand: getIntFromObjectOrReply (its own out-of-range text), then the database range. */
    static Reply select(Call c) throws CommandException {
        long id = c.longArg(1);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) throw Call.error(Errors.INT_OUT_OF_RANGE);
        if (c.engine.cluster() != null && id != 0) throw Call.error(Errors.SELECT_IN_CLUSTER);
        if (id < 0 || id >= c.engine.keyspace().count()) throw Call.error(Errors.DB_INDEX_OUT_OF_RANGE);
        c.session.db = (int) id;
        return Reply.OK;
    }

    static Reply quit(Call c) {
        c.session.closing = true;
        return Reply.OK;
    }

    // ---- AUTH, HELLO, RESET --------------------------------------------------------------------------

    /**
     * authCommand: more than two arguments is a syntax error; the one-argument form is refused while
     * the default user has no password; a wrong user or password is WRONGPASS and leaves the client's
     * authentication as it was.
     */
    static Reply auth(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.syntax();
        Acl acl = c.engine.acl();
        acl.sync();
        if (c.argc() == 2 && acl.defaultUser.nopass) throw Call.error(Errors.AUTH_NOT_CONFIGURED);
        byte[] user = c.argc() == 2 ? DEFAULT_USER : c.arg(1);
        byte[] password = c.arg(c.argc() - 1);
        authenticate(c, user, password);
        return Reply.OK;
    }

    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

    /**
     * ACLAuthenticateUser: a valid pair logs the client in as that user; otherwise WRONGPASS, an "auth"
     * entry in the ACL log, and the client's login stays as it was.
     */
    private static void authenticate(Call c, byte[] user, byte[] password) throws CommandException {
        Acl acl = c.engine.acl();
        Acl.User u = acl.checkCredentials(user, password);
        if (u == null) {
            acl.addLog(c.session, Acl.DENIED_AUTH, c.session.inMulti ? Acl.CTX_MULTI : Acl.CTX_TOPLEVEL,
                    Acl.latin1(c.arg(0)), Acl.latin1(user), c.now, clientInfoLine(c, c.session));
            throw Call.error(Errors.WRONGPASS);
        }
        c.session.authenticated = true;
        c.session.user = u;
    }

    /**
     * helloCommand: protover (an integer, 2 or 3), then the options AUTH user pass and SETNAME name, each
     * acting at once, left to right (a later error leaves an earlier name set or login done), then the
     * NOAUTH check (HELLO is allowed before AUTH but answers nothing else to an unauthenticated client),
     * then the protocol switch. The reply is a map, in the new protocol. With
     * {@link Quirk#HELLO_OPTIONS_BEFORE_AUTH} (7.2) the options are all parsed (names validated) before
     * anything acts: then the last AUTH, the NOAUTH check, and only then the name.
     */
    static Reply hello(Call c) throws CommandException {
        Session s = c.session;
        long ver = 0;
        int next = 1;
        if (c.argc() >= 2) {
            ver = c.longArg(next++, Errors.HELLO_BAD_PROTOVER);
            if (ver < 2 || ver > 3) throw Call.error(Errors.NOPROTO);
        }
        if (c.dialect().has(Quirk.HELLO_OPTIONS_BEFORE_AUTH)) {
            byte[] user = null, password = null, name = null;
            for (int j = next; j < c.argc(); j++) {
                int more = c.argc() - 1 - j;
                if (c.is(j, "auth") && more >= 2) {
                    user = c.arg(j + 1);
                    password = c.arg(j + 2);
                    j += 2;
                } else if (c.is(j, "setname") && more >= 1) {
                    name = c.arg(j + 1);
                    if (!validClientName(name)) throw Call.error(Errors.CLIENT_NAME_INVALID);
                    j++;
                } else {
                    throw Call.error(Errors.helloSyntax(c.arg(j)));
                }
            }
            if (user != null) authenticate(c, user, password);
            if (c.engine.acl().authRequired(s)) throw Call.error(Errors.noauthHello(c.dialect()));
            if (name != null) s.name = name.length == 0 ? null : name;
            return helloReply(c, ver);
        }
        for (int j = next; j < c.argc(); j++) {
            int more = c.argc() - 1 - j;
            if (c.is(j, "auth") && more >= 2) {
                authenticate(c, c.arg(j + 1), c.arg(j + 2));
                j += 2;
            } else if (c.is(j, "setname") && more >= 1) {
                byte[] name = c.arg(j + 1);
                if (!validClientName(name)) throw Call.error(Errors.CLIENT_NAME_INVALID);
                s.name = name.length == 0 ? null : name;
                j++;
            } else {
                throw Call.error(Errors.helloSyntax(c.arg(j)));
            }
        }
        if (c.engine.acl().authRequired(s)) throw Call.error(Errors.noauthHello(c.dialect()));
        return helloReply(c, ver);
    }

    private static Reply helloReply(Call c, long ver) {
        Session s = c.session;
        if (ver != 0) s.proto = (int) ver;
        return Reply.map(
                Reply.bulk("server"), Reply.bulk(c.dialect().server()),
                Reply.bulk("version"), Reply.bulk(c.dialect().full()),
                Reply.bulk("proto"), Reply.integer(s.proto),
                Reply.bulk("id"), Reply.integer(s.id),
                Reply.bulk("mode"), Reply.bulk(c.engine.cluster() != null ? "cluster" : "standalone"),
                Reply.bulk("role"), Reply.bulk(ClusterCommands.isReplica(c.engine, s) ? "replica" : "master"),
                Reply.bulk("modules"), Reply.EMPTY_ARRAY);
    }

    /**
     * resetCommand / clearClientConnectionState: leaves MULTI and unwatches, selects db 0, back to
     * RESP2, back to the default user (unauthenticated if a password is required), no subscriptions
     * (dropped silently), no name, replies on. The library name/version survive; CLIENT NO-EVICT
     * survives in 6.2 / 7.0, and is cleared with NO-TOUCH in 7.2 ({@link Quirk#RESET_CLEARS_NO_EVICT}).
     */
    static Reply reset(Call c) {
        Session s = c.session;
        Monitor.stop(c.engine, s);
        c.engine.tracking().disable(s);
        PubSubCommands.unsubscribeAll(c.engine, s);
        s.inMulti = false;
        s.multiAborted = false;
        s.clearQueue();
        c.engine.unwatchAll(s);
        s.db = 0;
        s.proto = 2;
        c.engine.resetUser(s);
        s.name = null;
        s.replyMode = Session.ReplyMode.ON;
        s.skipArmed = false;
        if (c.dialect().has(Quirk.RESET_CLEARS_NO_EVICT)) {
            s.noEvict = false;
            s.noTouch = false;
        }
        return Reply.simple("RESET");
    }

    // ---- CLIENT ----------------------------------------------------------------------------------------

    /** validateClientName: every byte printable ASCII other than space ('!'..'~'); empty is allowed. */
    static boolean validClientName(byte[] name) {
        for (byte b : name) if (b < '!' || b > '~') return false;
        return true;
    }

    static Reply clientId(Call c) {
        return Reply.integer(c.session.id);
    }

    static Reply clientGetname(Call c) {
        return Reply.bulk(c.session.name);
    }

    static Reply clientSetname(Call c) throws CommandException {
        byte[] name = c.arg(2);
        if (!validClientName(name)) throw Call.error(Errors.CLIENT_NAME_INVALID);
        c.session.name = name.length == 0 ? null : name;
        return Reply.OK;
    }

    static Reply clientInfo(Call c) {
        return Reply.verbatim(clientInfoLine(c, c.session) + "\n");
    }

    /**
     * CLIENT LIST [TYPE type | ID id ...]: TYPE needs exactly one value (normal, master, replica, slave,
     * pubsub; every client here is "normal"); ID takes one or more ids, each an integer ("Invalid client
     * ID"), listed in the order given; anything else is a syntax error.
     */
    static Reply clientList(Call c) throws CommandException {
        StringBuilder sb = new StringBuilder();
        if (c.argc() == 4 && c.is(2, "type")) {
            ClientType type = ClientType.of(c.arg(3), c.dialect());
            if (type == null) throw Call.error(Errors.unknownClientType(c.arg(3)));
            for (Session s : c.engine.sessions().values()) {
                if (ClientType.of(s) == type) sb.append(clientInfoLine(c, s)).append('\n');
            }
        } else if (c.argc() > 3 && c.is(2, "id")) {
            List<Session> found = new ArrayList<>();
            for (int j = 3; j < c.argc(); j++) {
                long id = c.longArg(j, Errors.INVALID_CLIENT_ID);
                Session s = c.engine.sessions().get(id);
                if (s != null) found.add(s);
            }
            for (Session s : found) sb.append(clientInfoLine(c, s)).append('\n');
        } else if (c.argc() != 2) {
            throw Call.syntax();
        } else {
            for (Session s : c.engine.sessions().values()) sb.append(clientInfoLine(c, s)).append('\n');
        }
        return Reply.verbatim(sb.toString());
    }

    enum ClientType {
        NORMAL, REPLICA, PUBSUB, MASTER;

        /** getClientType: a client in subscribed mode (CLIENT_PUBSUB) is "pubsub", any other "normal". */
        static ClientType of(Session s) {
            return PubSubCommands.isSubscribed(s) ? PUBSUB : NORMAL;
        }

        /** getClientTypeByName, case-insensitive. */
        static ClientType of(byte[] name, Dialect d) {
            String n = Bytes.lower(name);
            return switch (n) {
                case "normal" -> NORMAL;
                case "slave", "replica" -> REPLICA;
                case "pubsub" -> PUBSUB;
                case "master" -> MASTER;
                case "primary" -> d.has(Quirk.PRIMARY_CLIENT_TYPE) ? MASTER : null;
                default -> null;
            };
        }
    }

    /**
     * getClientMemoryUsage: the memory a client holds, CLIENT LIST's tot-mem and what client eviction
     * (maxmemory-clients) adds up. The client structure and its reply buffer are a fixed figure (they are
     * Redis's allocations); to it come the output buffer memory (omem), the query buffer as Redis would
     * have allocated it, the running request's arguments, and in 7.0+ also 8 bytes per argument, the MULTI
     * queue (its arguments plus 8 per argument, and 24 bytes per slot of the command array, grown 2, 4,
     * 8…), 56 bytes per WATCHed key (7.2+: 80), the pub/sub overhead (24 per pattern, 7.2+ as for
     * channels; per channel and shard channel 24 plus 8 per slot of the channel table) and 32 bytes per
     * node of the radix tree of BCAST tracking prefixes.
     */
    static long clientMemory(Dialect d, Session s) {
        long mem = Engine.outputBufferMemory(s.link.unsentOutputBytes()) + s.queryBuffer().allocationBytes() + s.argvBytes;
        if (!d.has(Quirk.CLIENT_LIST_BUFFER_AND_RESP_FIELDS)) return 20496 + mem; // 6.2: the client and its 16 KB buffer
        mem += 1792 + 8L * s.argvCount; // zmalloc_size(c) and a 1 KB reply buffer (Debian's jemalloc build)
        // multiStateMemOverhead
        boolean overheads72 = d.has(Quirk.CLIENT_MEMORY_OVERHEADS_7_2);
        mem += s.queuedArgvBytes + (overheads72 ? 80L : 56L) * s.watched.size();
        if (s.queuedCounted > 0) mem += 24L * Math.max(2, Long.highestOneBit(s.queuedCounted - 1) << 1);
        // pubsubMemOverhead
        int patterns = PubSubCommands.patternCount(s);
        mem += (overheads72 ? dictMemory(patterns) : 24L * patterns) + dictMemory(PubSubCommands.channelCount(s))
                + dictMemory(PubSubCommands.shardChannelCount(s));
        if (s.tracking != null) mem += 32 * s.tracking.raxNodes();
        return mem;
    }

    /** A dict of n entries: 24 bytes each, 8 per table slot (none while empty, 4 at first, doubling past full). */
    private static long dictMemory(int n) {
        if (n == 0) return 0;
        long slots = Math.max(4, Long.highestOneBit(n - 1L) << 1);
        return 24L * n + 8 * slots;
    }

    /**
     * catClientInfoString: the fields and their order are Redis's for the emulated version. Values that
     * describe Redis's own buffers and file descriptors (fd, rbs, rbp…) are fixed plausible numbers: they
     * cannot match a real server byte for byte; qbuf and qbuf-free follow {@link QueryBuffer}, tot-mem is
     * {@link #clientMemory}. obl, oll and omem describe the
     * replies the client has not received yet (see {@link Engine#outputBufferMemory}); events has "w"
     * while the socket does not take them.
     */
    static String clientInfoLine(Call c, Session s) {
        return clientInfoLine(c.dialect(), c.now, s);
    }

    static String clientInfoLine(Dialect d, long now, Session s) {
        StringBuilder flags = new StringBuilder();
        if (PubSubCommands.isSubscribed(s)) flags.append('P');
        if (s.inMulti) flags.append('x');
        if (s.blocked != null) flags.append('b');
        if (s.tracking != null) {
            flags.append('t');
            if (s.tracking.brokenRedir) flags.append('R');
            if (s.tracking.bcast) flags.append('B');
        }
        if (s.watchDirty) flags.append('d');
        if (s.closing) flags.append('c');
        if (s.closeAsap) flags.append('A');
        if (s.noEvict) flags.append('e');
        if (s.noTouch) flags.append('T');
        if (flags.length() == 0) flags.append('N');
        String cmd = s.lastCommand;
        if (!d.has(Quirk.SUBCOMMANDS_AS_COMMANDS)) {
            int bar = cmd.indexOf('|');
            if (bar >= 0) cmd = cmd.substring(0, bar);
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("id=").append(s.id)
                .append(" addr=").append(s.link.peerAddress())
                .append(" laddr=").append(s.link.localAddress())
                .append(" fd=").append(7 + s.id)
                .append(" name=").append(s.name == null ? "" : Errors.latin1(s.name))
                .append(" age=").append(Math.max(0, (now - s.createdMillis) / 1000))
                .append(" idle=").append(Math.max(0, (now - s.lastInteractionMillis) / 1000))
                .append(" flags=").append(flags)
                .append(" db=").append(s.db)
                .append(" sub=").append(PubSubCommands.channelCount(s))
                .append(" psub=").append(PubSubCommands.patternCount(s));
        if (d.has(Quirk.SHARDED_PUBSUB)) sb.append(" ssub=").append(PubSubCommands.shardChannelCount(s));
        // 7.0 stops queueing once the transaction is doomed (dirty CAS or a queueing error).
        int queued = d.has(Quirk.DOOMED_MULTI_STOPS_QUEUEING) && (s.watchDirty || s.multiAborted) ? 0 : s.queued.size();
        sb.append(" multi=").append(s.inMulti ? queued : -1);
        boolean netFields = d.has(Quirk.CLIENT_NET_AND_WATCH_FIELDS);
        if (netFields) sb.append(" watch=").append(s.watched.size());
        QueryBuffer qb = s.queryBuffer();
        sb.append(" qbuf=").append(qb.length()).append(" qbuf-free=").append(qb.free())
                .append(" argv-mem=").append(s.argvBytes);
        boolean bufferFields = d.has(Quirk.CLIENT_LIST_BUFFER_AND_RESP_FIELDS);
        if (bufferFields) sb.append(" multi-mem=").append(s.queuedArgvBytes).append(" rbs=1024 rbp=0");
        // The output buffers as Redis would hold the replies not received yet: up to 16 KB in the static
        // buffer (obl), the rest in a list of 16 KB chunks (oll) whose bytes are omem.
        long unsent = s.link.unsentOutputBytes();
        long omem = Engine.outputBufferMemory(unsent);
        long chunk = Engine.STATIC_REPLY_BUFFER;
        sb.append(" obl=").append(unsent - omem).append(" oll=").append((omem + chunk - 1) / chunk)
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(clientMemory(d, s))
                .append(" events=").append(s.link.writePending() ? "rw" : "r")
                .append(" cmd=").append(cmd)
                .append(" user=").append(s.user == null ? "default" : s.user.name)
                .append(" redir=").append(s.tracking == null ? -1 : s.tracking.redirect);
        if (bufferFields) sb.append(" resp=").append(s.proto);
        if (d.has(Quirk.CLIENT_LIB_FIELDS)) {
            sb.append(" lib-name=").append(s.libName == null ? "" : s.libName)
                    .append(" lib-ver=").append(s.libVersion == null ? "" : s.libVersion);
        }
        if (netFields) {
            sb.append(" tot-net-in=").append(s.link.bytesIn()).append(" tot-net-out=").append(s.link.bytesOut())
                    .append(" tot-cmds=").append(s.commandsProcessed);
        }
        if (d.has(Quirk.CLIENT_IO_THREAD_FIELD)) sb.append(" io-thread=0");
        return sb.toString();
    }

    /**
     * CLIENT KILL addr (old form: "No such client" or OK; it may kill the caller) or CLIENT KILL
     * option value ... (ID, TYPE, ADDR, LADDR, USER, SKIPME; replies the number killed). 7.0 wants
     * ID &gt; 0; 6.2 takes any integer, and ID 0 there means "no ID filter". The caller, if killed, gets
     * its reply and is then closed; other clients are closed at once.
     */
    static Reply clientKill(Call c) throws CommandException {
        boolean positiveId = c.dialect().has(Quirk.CLIENT_KILL_ID_POSITIVE);
        String addr = null, laddr = null;
        ClientType type = null;
        long id = 0;
        long maxAge = 0;
        boolean skipme = true;
        Acl.User user = null;
        if (c.argc() == 3) {
            addr = Errors.latin1(c.arg(2));
            skipme = false;
        } else if (c.argc() > 3) {
            for (int i = 2; i < c.argc(); i += 2) {
                boolean more = c.argc() > i + 1;
                if (c.is(i, "id") && more) {
                    if (positiveId) {
                        long v;
                        try {
                            v = RedisNumbers.parseLong(c.arg(i + 1));
                        } catch (RedisNumbers.NotANumber e) {
                            throw Call.error(Errors.CLIENT_ID_NOT_POSITIVE);
                        }
                        if (v < 1) throw Call.error(Errors.CLIENT_ID_NOT_POSITIVE);
                        id = v;
                    } else {
                        id = c.longArg(i + 1);
                    }
                } else if (c.is(i, "maxage") && more && c.dialect().has(Quirk.CLIENT_KILL_MAXAGE)) {
                    long v = c.longArg(i + 1, Errors.MAXAGE_NOT_INTEGER);
                    if (v <= 0) throw Call.error(Errors.MAXAGE_NOT_POSITIVE);
                    maxAge = v;
                } else if (c.is(i, "type") && more) {
                    type = ClientType.of(c.arg(i + 1), c.dialect());
                    if (type == null) throw Call.error(Errors.unknownClientType(c.arg(i + 1)));
                } else if (c.is(i, "addr") && more) {
                    addr = Errors.latin1(c.arg(i + 1));
                } else if (c.is(i, "laddr") && more) {
                    laddr = Errors.latin1(c.arg(i + 1));
                } else if (c.is(i, "user") && more) {
                    user = c.engine.acl().user(c.arg(i + 1));
                    if (user == null) throw Call.error(Errors.noSuchUser(c.arg(i + 1)));
                } else if (c.is(i, "skipme") && more) {
                    if (c.is(i + 1, "yes")) skipme = true;
                    else if (c.is(i + 1, "no")) skipme = false;
                    else throw Call.syntax();
                } else {
                    throw Call.syntax();
                }
            }
        } else {
            throw Call.syntax();
        }
        int killed = 0;
        for (Session s : new ArrayList<>(c.engine.sessions().values())) {
            if (addr != null && !addr.equals(s.link.peerAddress())) continue;
            if (laddr != null && !laddr.equals(s.link.localAddress())) continue;
            if (type != null && type != ClientType.of(s)) continue;
            if (id != 0 && s.id != id) continue;
            if (user != null && s.user != user) continue;
            if (maxAge != 0 && c.now / 1000 - s.createdMillis / 1000 < maxAge) continue;
            if (s == c.session && skipme) continue;
            if (maxAge != 0 && c.now / 1000 - s.createdMillis / 1000 < maxAge) continue;
            if (s == c.session) {
                s.closing = true;
            } else {
                s.closing = true;
                c.engine.disconnect(s);
                s.link.closeAfterReply();
            }
            killed++;
        }
        if (c.argc() == 3) {
            if (killed == 0) throw Call.error(Errors.NO_SUCH_CLIENT);
            return Reply.OK;
        }
        return Reply.integer(killed);
    }

    /**
     * CLIENT REPLY ON|OFF|SKIP. OFF and SKIP send no reply of their own (the Engine drops it); SKIP
     * while OFF changes nothing. See Engine.execute for when a skipped reply is dropped.
     */
    static Reply clientReply(Call c) throws CommandException {
        Session s = c.session;
        if (c.is(2, "on")) {
            // ON clears SKIP and OFF but not SKIP_NEXT: a SKIP earlier in the same EXEC still drops
            // the reply of the command after EXEC
            if (s.inExec && s.skipArmed) return Reply.OK;
            s.replyMode = Session.ReplyMode.ON;
            s.skipArmed = false;
            return Reply.OK;
        } else if (c.is(2, "off")) {
            s.replyMode = Session.ReplyMode.OFF;
            s.skipArmed = false;
            return Reply.OK;
        } else if (c.is(2, "skip")) {
            if (s.replyMode != Session.ReplyMode.OFF) {
                s.replyMode = Session.ReplyMode.SKIP;
                s.skipArmed = true;
            }
            return Reply.OK;
        }
        throw Call.syntax();
    }

    /**
     * CLIENT SETINFO LIB-NAME|LIB-VER value (7.2): any other attribute is "Unrecognized option", a value
     * with a byte outside '!'..'~' is refused (validateClientAttr), an empty one clears it; shown by
     * CLIENT LIST / INFO, kept across RESET.
     */
    static Reply clientSetinfo(Call c) throws CommandException {
        byte[] attr = c.arg(2), val = c.arg(3);
        boolean name = c.is(2, "lib-name");
        if (!name && !c.is(2, "lib-ver")) throw Call.error(Errors.setinfoUnknownAttribute(attr));
        if (!validClientName(val)) throw Call.error(Errors.setinfoInvalidValue(attr));
        String v = val.length == 0 ? null : Errors.latin1(val);
        if (name) c.session.libName = v;
        else c.session.libVersion = v;
        return Reply.OK;
    }

    /**
     * CLIENT NO-TOUCH ON|OFF (7.2): the flag 'T' of CLIENT LIST / INFO. With it Redis's commands leave
     * keys' LRU/LFU alone (TOUCH excepted); redis-double keeps no access times, so the flag is all there is.
     */
    static Reply clientNoTouch(Call c) throws CommandException {
        if (c.is(2, "on")) c.session.noTouch = true;
        else if (c.is(2, "off")) c.session.noTouch = false;
        else throw Call.syntax();
        return Reply.OK;
    }

    static Reply clientNoEvict(Call c) throws CommandException {
        if (c.is(2, "on")) c.session.noEvict = true;
        else if (c.is(2, "off")) c.session.noEvict = false;
        else throw Call.syntax();
        return Reply.OK;
    }

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR] → 1 if the client was blocked (it then gets its timeout reply, or
     * "-UNBLOCKED client unblocked via CLIENT UNBLOCK"), else 0. The reason is checked before the id.
     */
    static Reply clientUnblock(Call c) throws CommandException {
        if (c.argc() > 4) throw Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), "CLIENT"));
        boolean error = false;
        if (c.argc() == 4) {
            if (Bytes.eqIgnoreCaseC(c.arg(3), "timeout")) error = false;
            else if (Bytes.eqIgnoreCaseC(c.arg(3), "error")) error = true;
            else throw Call.error(Errors.UNBLOCK_REASON);
        }
        long id = c.longArg(2);
        Session target = c.engine.sessions().get(id);
        if (target == null) return Reply.ZERO;
        return c.engine.blocking().clientUnblock(target, error ? Errors.UNBLOCKED : null) ? Reply.ONE : Reply.ZERO;
    }

    static Reply clientHelp(Call c) {
        return HelpTexts.help(c.dialect(), "CLIENT");
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int PING = 0;
        static final int ECHO = 1;
        static final int SELECT = 2;
        static final int QUIT = 3;
        static final int AUTH = 4;
        static final int HELLO = 5;
        static final int RESET = 6;
        static final int CLIENT_ID = 7;
        static final int CLIENT_INFO = 8;
        static final int CLIENT_LIST = 9;
        static final int CLIENT_KILL = 10;
        static final int CLIENT_GETNAME = 11;
        static final int CLIENT_SETNAME = 12;
        static final int CLIENT_REPLY = 13;
        static final int CLIENT_UNBLOCK = 14;
        static final int CLIENT_HELP = 15;
        static final int CLIENT_NO_EVICT = 16;
        static final int CLIENT_SETINFO = 17;
        static final int CLIENT_NO_TOUCH = 18;
        static final int CLIENT_CONTAINER = 19;
        static final int CLIENT_UNPAUSE = 20;
        static final int CLIENT_CAPA = 21;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case PING -> ping(c);
                case ECHO -> echo(c);
                case SELECT -> select(c);
                case QUIT -> quit(c);
                case AUTH -> auth(c);
                case HELLO -> hello(c);
                case RESET -> reset(c);
                case CLIENT_ID -> clientId(c);
                case CLIENT_INFO -> clientInfo(c);
                case CLIENT_LIST -> clientList(c);
                case CLIENT_KILL -> clientKill(c);
                case CLIENT_GETNAME -> clientGetname(c);
                case CLIENT_SETNAME -> clientSetname(c);
                case CLIENT_REPLY -> clientReply(c);
                case CLIENT_UNBLOCK -> clientUnblock(c);
                case CLIENT_HELP -> clientHelp(c);
                case CLIENT_NO_EVICT -> clientNoEvict(c);
                case CLIENT_SETINFO -> clientSetinfo(c);
                case CLIENT_NO_TOUCH -> clientNoTouch(c);
                case CLIENT_CONTAINER -> null;
                case CLIENT_UNPAUSE -> Reply.OK;
                case CLIENT_CAPA -> Reply.OK;
                default -> throw unknown();
            };
        }
    }
}
