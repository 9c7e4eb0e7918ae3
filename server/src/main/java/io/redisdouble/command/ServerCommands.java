package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/** Server commands: FLUSHALL, FLUSHDB, DBSIZE, INFO, CONFIG, COMMAND, TIME, DEBUG … */
final class ServerCommands {
    private ServerCommands() {}

    static void register(CommandTable t) {
    }
}
