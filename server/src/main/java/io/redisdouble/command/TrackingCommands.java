package io.redisdouble.command;

import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Client-side caching commands (networking.c clientCommand): CLIENT TRACKING, CACHING, GETREDIR and
 * TRACKINGINFO. The tables and invalidations are {@link Tracking}'s.
 */
final class TrackingCommands {
    private TrackingCommands() {}

    static void register(CommandTable t, CommandSpec client) {
        client.sub("tracking", -3, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_TRACKING));
        // 6.2 checks only argc >= 3 for CACHING (the rest is ignored); 7.0 its arity.
        client.sub("caching", t.has(io.redisdouble.dialect.Quirk.SUBCOMMANDS_AS_COMMANDS) ? 3 : -3, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_CACHING));
        client.sub("getredir", 2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_GETREDIR));
        client.sub("trackinginfo", 2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CLIENT_TRACKINGINFO));
    }

    /**
     * CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP]: the options
     * are parsed first (a second REDIRECT, a non-integer or unknown id, an unknown option are errors even
     * with OFF), then ON checks them in Redis's order: PREFIX without BCAST, a BCAST switch while tracking,
     * OPTIN/OPTOUT with BCAST, both, an OPTIN/OPTOUT switch, overlapping prefixes. ON again replaces the
     * mode (prefixes add up). Redis's collision check answers an overlap between two prefixes of the same
     * command that is not about the first one with the error and then goes on (enabling and answering OK
     * too): both replies are sent, as there.
     */
    static Reply clientTracking(Call c) throws CommandException {
        long redir = 0;
        boolean bcast = false, optin = false, optout = false, noloop = false;
        List<Bytes> prefixes = new ArrayList<>();
        for (int j = 3; j < c.argc(); j++) {
            boolean more = c.argc() - 1 - j > 0;
            if (c.is(j, "redirect") && more) {
                j++;
                if (redir != 0) throw Call.error(Errors.TRACKING_SINGLE_REDIRECT);
                redir = c.longArg(j);
                if (!c.engine.sessions().containsKey(redir)) throw Call.error(Errors.TRACKING_NO_SUCH_REDIRECT);
            } else if (c.is(j, "bcast")) {
                bcast = true;
            } else if (c.is(j, "optin")) {
                optin = true;
            } else if (c.is(j, "optout")) {
                optout = true;
            } else if (c.is(j, "noloop")) {
                noloop = true;
            } else if (c.is(j, "prefix") && more) {
                j++;
                prefixes.add(Bytes.wrap(c.arg(j)));
            } else {
                throw Call.syntax();
            }
        }
        Session s = c.session;
        Tracking.ClientState st = s.tracking;
        if (c.is(2, "on")) {
            if (!bcast && !prefixes.isEmpty()) throw Call.error(Errors.TRACKING_PREFIX_NEEDS_BCAST);
            if (st != null && st.bcast != bcast) throw Call.error(Errors.TRACKING_BCAST_SWITCH);
            if (bcast && (optin || optout)) throw Call.error(Errors.TRACKING_OPT_WITH_BCAST);
            if (optin && optout) throw Call.error(Errors.TRACKING_OPTIN_AND_OPTOUT);
            if (st != null && ((optin && st.optout) || (optout && st.optin))) throw Call.error(Errors.TRACKING_OPT_SWITCH);
            String collision = null;
            if (bcast) {
                collision = Tracking.prefixCollision(s, prefixes);
                // checkPrefixCollisionsOrReply returns the index of the first prefix of a colliding pair
                // of new ones: for the first (0) that stops the command, for a later one it does not.
                if (collision != null && !laterSelfCollision(s, prefixes)) throw Call.error(collision);
            }
            c.engine.tracking().enable(s, redir, bcast, optin, optout, noloop, prefixes);
            if (collision != null) return Reply.sequence(Reply.error(collision), Reply.OK);
        } else if (c.is(2, "off")) {
            c.engine.tracking().disable(s);
        } else {
            throw Call.syntax();
        }
        return Reply.OK;
    }

    /**
     * Whether the collision {@link Tracking#prefixCollision} reports is between two new prefixes, the first
     * of them not the first given (Redis's checkPrefixCollisionsOrReply then returns a non-zero index).
     */
    private static boolean laterSelfCollision(Session s, List<Bytes> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            if (Tracking.prefixCollision(s, List.of(prefixes.get(i))) != null) return false; // with an existing one
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (Tracking.prefixCollision(null, List.of(prefixes.get(i), prefixes.get(j))) != null) return i > 0;
            }
        }
        return false;
    }

    /** CLIENT CACHING YES|NO: for the next command (or transaction) of an OPTIN / OPTOUT client. */
    static Reply clientCaching(Call c) throws CommandException {
        Tracking.ClientState st = c.session.tracking;
        if (st == null) throw Call.error(Errors.CACHING_NOT_TRACKING);
        if (c.is(2, "yes")) {
            if (!st.optin) throw Call.error(Errors.CACHING_YES_NOT_OPTIN);
        } else if (c.is(2, "no")) {
            if (!st.optout) throw Call.error(Errors.CACHING_NO_NOT_OPTOUT);
        } else {
            throw Call.syntax();
        }
        st.caching = true;
        return Reply.OK;
    }

    /** CLIENT GETREDIR: the redirection (0 for none) while tracking, -1 when not. */
    static Reply clientGetredir(Call c) {
        Tracking.ClientState st = c.session.tracking;
        return Reply.integer(st == null ? -1 : st.redirect);
    }

    /** CLIENT TRACKINGINFO: flags (a set), redirect, prefixes (in byte order). */
    static Reply clientTrackinginfo(Call c) {
        Tracking.ClientState st = c.session.tracking;
        List<Reply> flags = new ArrayList<>();
        flags.add(Reply.bulk(st != null ? "on" : "off"));
        List<Reply> prefixes = new ArrayList<>();
        if (st != null) {
            if (st.bcast) flags.add(Reply.bulk("bcast"));
            if (st.optin) {
                flags.add(Reply.bulk("optin"));
                if (st.caching) flags.add(Reply.bulk("caching-yes"));
            }
            if (st.optout) {
                flags.add(Reply.bulk("optout"));
                if (st.caching) flags.add(Reply.bulk("caching-no"));
            }
            if (st.noloop) flags.add(Reply.bulk("noloop"));
            if (st.brokenRedir) flags.add(Reply.bulk("broken_redirect"));
            for (Bytes p : st.prefixes) prefixes.add(Reply.bulk(p));
        }
        return Reply.map(
                Reply.bulk("flags"), Reply.set(flags),
                Reply.bulk("redirect"), Reply.integer(st == null ? -1 : st.redirect),
                Reply.bulk("prefixes"), Reply.array(prefixes));
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int CLIENT_TRACKING = 0;
        static final int CLIENT_CACHING = 1;
        static final int CLIENT_GETREDIR = 2;
        static final int CLIENT_TRACKINGINFO = 3;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case CLIENT_TRACKING -> clientTracking(c);
                case CLIENT_CACHING -> clientCaching(c);
                case CLIENT_GETREDIR -> clientGetredir(c);
                case CLIENT_TRACKINGINFO -> clientTrackinginfo(c);
                default -> throw unknown();
            };
        }
    }
}
