package io.redisdouble.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * For conformance cases whose cost is waiting (for a server to stay quiet, for it to close the
 * connection) rather than work: each server's cases run in their order on a thread of that server's
 * own, all servers at once, so the waits overlap. The cases of one server never overlap each other
 * (they may share its keyspace and channels). A test then takes its case's result with
 * {@link #result}; a failure in the work is rethrown there, for that case only.
 */
public final class PerServerInOrder<C, R> {
    private final Map<C, CompletableFuture<R>> results = new LinkedHashMap<>();

    private PerServerInOrder() {
    }

    /** Starts the work: {@code server} names the server a case talks to (cases of one name run in order). */
    public static <C, R> PerServerInOrder<C, R> start(List<C> cases, Function<C, ?> server, Function<C, R> work) {
        PerServerInOrder<C, R> out = new PerServerInOrder<>();
        Map<Object, List<C>> byServer = new LinkedHashMap<>();
        for (C c : cases) {
            if (out.results.put(c, new CompletableFuture<>()) != null) {
                throw new IllegalArgumentException("the same case twice: " + c);
            }
            byServer.computeIfAbsent(server.apply(c), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<Object, List<C>> e : byServer.entrySet()) {
            Thread t = new Thread(() -> {
                for (C c : e.getValue()) {
                    try {
                        out.results.get(c).complete(work.apply(c));
                    } catch (Throwable failure) {
                        out.results.get(c).completeExceptionally(failure);
                    }
                }
            }, "cases of " + e.getKey());
            t.setDaemon(true);
            t.start();
        }
        return out;
    }

    /** The result of one case, once its server's thread has reached it. */
    public R result(C c) {
        CompletableFuture<R> f = results.get(c);
        if (f == null) throw new IllegalArgumentException("not among the cases started: " + c);
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }
}
