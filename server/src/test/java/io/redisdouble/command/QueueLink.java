package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A client link whose "command thread" is a queue the test drains, so that a busy script or function
 * runs step by step (ScriptingCommandsTest, FunctionCommandsTest); pushed frames are kept.
 */
final class QueueLink implements Session.Link {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    final List<Reply> pushed = new ArrayList<>();

    @Override
    public void push(Reply reply) {
        pushed.add(reply);
    }

    @Override
    public void closeAfterReply() {}

    @Override
    public String peerAddress() {
        return "127.0.0.1:1";
    }

    @Override
    public String localAddress() {
        return "127.0.0.1:2";
    }

    @Override
    public Executor commandThread() {
        return tasks::add;
    }

    /** Runs queued tasks (script slices) until none is left. */
    void drain() {
        Runnable r;
        while ((r = tasks.poll()) != null) r.run();
    }
}
