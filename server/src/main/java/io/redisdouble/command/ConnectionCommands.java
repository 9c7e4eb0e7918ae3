package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/** Connection commands: PING, ECHO, SELECT, QUIT, AUTH, HELLO, RESET, CLIENT … */
final class ConnectionCommands {
    private ConnectionCommands() {}

    static void register(CommandTable t) {
        t.add("ping", -1, flags(FAST), ConnectionCommands::ping);
        t.add("echo", 2, flags(FAST), ConnectionCommands::echo);
        t.add("select", 2, flags(LOADING, STALE, FAST), ConnectionCommands::select);
        t.add("quit", -1, flags(ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, NO_MULTI), ConnectionCommands::quit);
    }

    static Reply ping(Call c) throws CommandException {
        if (c.argc() > 2) throw Call.error(Errors.wrongArity("ping"));
        Reply subscribed = PubSubCommands.subscribedPong(c); // RESP2 subscribed mode: *2 pong <arg>
        if (subscribed != null) return subscribed;
        return c.argc() == 1 ? Reply.PONG : Reply.bulk(c.arg(1));
    }

    static Reply echo(Call c) {
        return Reply.bulk(c.arg(1));
    }

    static Reply select(Call c) throws CommandException {
        long id = c.longArg(1);
        if (id < 0 || id >= c.engine.keyspace().count()) throw Call.error(Errors.DB_INDEX_OUT_OF_RANGE);
        c.session.db = (int) id;
        return Reply.OK;
    }

    static Reply quit(Call c) {
        c.session.closing = true;
        return Reply.OK;
    }
}
