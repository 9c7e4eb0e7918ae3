package io.redisdouble.command;

import io.redisdouble.resp.Reply;

/** A command implementation: validates its arguments, then acts, and answers with one reply. */
@FunctionalInterface
public interface Handler {
    Reply run(Call c) throws CommandException;
}
