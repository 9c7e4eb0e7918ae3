package io.redisdouble.command;

import io.redisdouble.util.Bytes;

import io.redisdouble.resp.Reply;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH (multi.c). */
final class TransactionCommands {
    private TransactionCommands() {}

    static void register(CommandTable t) {
        t.add("multi", 1, flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI, ALLOW_BUSY), new Dispatch(Dispatch.MULTI));
        t.add("exec", 1, flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG, NO_MULTI), new Dispatch(Dispatch.EXEC));
        t.add("discard", 1, flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI, ALLOW_BUSY), new Dispatch(Dispatch.DISCARD));
        t.add("watch", -2, flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI, ALLOW_BUSY), 1, -1, 1, new Dispatch(Dispatch.WATCH));
        t.add("unwatch", 1, flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY), new Dispatch(Dispatch.UNWATCH));
    }

    static Reply multi(Call c) throws CommandException {
        Session s = c.session;
        if (s.inMulti) throw Call.error(Errors.MULTI_NESTED);
        s.inMulti = true;
        s.multiAborted = false;
        s.clearQueue();
        return Reply.OK;
    }

    static Reply exec(Call c) throws CommandException {
        Session s = c.session;
        Engine engine = c.engine;
        if (!s.inMulti) throw Call.error(Errors.EXEC_WITHOUT_MULTI);
        boolean watchFailed = engine.watchFailed(s, c.now);
        boolean aborted = s.multiAborted;
        byte[][][] queued = s.queued.toArray(new byte[0][][]);
        endMulti(c);
        if (aborted) return Reply.error(Errors.EXECABORT);
        if (watchFailed) return Reply.NIL_ARRAY;
        // Redis writes the header first, then each reply as its command runs (or none, under CLIENT
        // REPLY OFF / SKIP), with the client's own pub/sub frames where they were made.
        java.util.List<Reply> frames = new java.util.ArrayList<>(queued.length);
        boolean repliesOnAtStart = s.replyMode == Session.ReplyMode.ON;
        s.inExec = true;
        s.execFrames.clear();
        try {
            for (int i = 0; i < queued.length; i++) {
                byte[][] argv = queued[i];
                // Time is frozen for the whole transaction, as fixed_time_expire does in Redis.
                CommandSpec spec = engine.resolve(argv);
                String denied = engine.aclRecheck(s, spec, argv, c.now);
                Reply r;
                if (denied != null) {
                    r = Reply.error(denied);
                } else {
                    r = engine.call(s, spec, argv, c.now);
                    if (r == null) r = Reply.NIL;
                }
                frames.addAll(s.execFrames);
                s.execFrames.clear();
                // CLIENT REPLY OFF / SKIP add no reply of their own; after OFF nothing is written.
                // (SKIP takes effect after the top-level command, EXEC, as commandProcessed does.)
                boolean silentReplyCommand = spec != null && denied == null && !r.isError()
                        && spec.fullName().equals("client|reply") && !Bytes.eqIgnoreCase(argv[2], "on");
                if (s.replyMode == Session.ReplyMode.OFF || silentReplyCommand) continue;
                frames.add(r);
            }
        } finally {
            s.inExec = false;
            s.execFrames.clear();
        }
        Reply reply = Reply.execArray(queued.length, frames.toArray(new Reply[0]));
        if (repliesOnAtStart && s.replyMode != Session.ReplyMode.ON) {
            // Replies were turned off inside: what was written before stays written (the Engine
            // would drop the reply of a command that ends with replies off; it still arms a SKIP).
            s.sendDespiteReplyMode = true;
        }
        return reply;
    }

    private static void endMulti(Call c) {
        Session s = c.session;
        s.inMulti = false;
        s.multiAborted = false;
        s.clearQueue();
        c.engine.unwatchAll(s);
    }

    static Reply discard(Call c) throws CommandException {
        if (!c.session.inMulti) throw Call.error(Errors.DISCARD_WITHOUT_MULTI);
        endMulti(c);
        return Reply.OK;
    }

    static Reply watch(Call c) throws CommandException {
        if (c.session.inMulti) throw Call.error(Errors.WATCH_IN_MULTI);
        for (int i = 1; i < c.argc(); i++) c.engine.watch(c.session, c.session.db, c.arg(i));
        return Reply.OK;
    }

    static Reply unwatch(Call c) {
        c.engine.unwatchAll(c.session);
        return Reply.OK;
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int MULTI = 0;
        static final int EXEC = 1;
        static final int DISCARD = 2;
        static final int WATCH = 3;
        static final int UNWATCH = 4;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case MULTI -> multi(c);
                case EXEC -> exec(c);
                case DISCARD -> discard(c);
                case WATCH -> watch(c);
                case UNWATCH -> unwatch(c);
                default -> throw unknown();
            };
        }
    }
}
