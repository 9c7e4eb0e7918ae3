package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/** Strings: SET, GET, … (t_string.c). */
final class StringCommands {
    private StringCommands() {}

    static void register(CommandTable t) {
    }
}
