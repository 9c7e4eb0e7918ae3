package io.redisdouble.script;

import org.luaj.vm2.LuaThread;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;

/**
 * Ends the Java thread behind a suspended LuaJ coroutine. LuaJ parks a suspended coroutine's thread in
 * {@code LuaThread.State.lua_yield}, waking every {@code thread_orphan_check_interval} to see whether
 * its {@code LuaThread} is still reachable (a weak reference); once it is not, the thread ends. Clearing
 * that reference and waking the thread ends it at once, without waiting for a garbage collection.
 */
final class Coroutines {
    private static final Field LUA_THREAD;

    static {
        Field f;
        try {
            f = LuaThread.State.class.getDeclaredField("lua_thread");
            f.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("LuaJ's coroutine state has no lua_thread field: " + e);
        }
        LUA_THREAD = f;
    }

    private Coroutines() {}

    /** Ends {@code t}'s thread if it is suspended; a coroutine that never ran or has ended is left as is. */
    static void release(LuaThread t) {
        LuaThread.State s = t.state;
        synchronized (s) {
            if (s.status != LuaThread.STATUS_SUSPENDED) {
                return;
            }
            try {
                ((WeakReference<?>) LUA_THREAD.get(s)).clear();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            s.notifyAll();
        }
    }
}
