package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/** Sorted sets (t_zset.c). */
final class SortedSetCommands {
    private SortedSetCommands() {}

    static void register(CommandTable t) {
    }
}
