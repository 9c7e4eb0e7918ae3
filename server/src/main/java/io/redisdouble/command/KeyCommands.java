package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/** Keys and expiry: DEL, EXISTS, EXPIRE, SCAN, … (db.c, expire.c). */
final class KeyCommands {
    private KeyCommands() {}

    static void register(CommandTable t) {
    }
}
