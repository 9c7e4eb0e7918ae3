package io.redisdouble.command;

import io.redisdouble.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loaded function libraries of one server (functions.c functionsLibCtx): libraries by name (case
 * sensitive), and every library's functions by name, case-insensitive across all libraries (FCALL MYFUNC
 * finds myfunc). Redis keeps both in dicts whose iteration order depends on a random hash seed; here
 * FUNCTION LIST and FUNCTION DUMP give libraries in load order and functions in registration order.
 *
 * <p>Compiling a library and running a function is the scripting engine's job ({@link Scripting}); this
 * class only links and unlinks what it produced.
 */
public final class Functions {
    /** SCRIPT_FLAG_* in scripts_flags_def order (the order FUNCTION LIST prints them in). */
    public static final String[] FLAG_NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};
    public static final int NO_WRITES = 1, ALLOW_OOM = 2, ALLOW_STALE = 4, NO_CLUSTER = 8, ALLOW_CROSS_SLOT = 16;

    /** A function as the engine registered it; {@code handle} is the engine's compiled callback. */
    public record Function(String name, byte[] description, int flags, Object handle) {
        public boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** A library: its name, its whole code (shebang included, as FUNCTION LIST WITHCODE and DUMP give it). */
    public record Library(String name, byte[] code, List<Function> functions) {}

    private final LinkedHashMap<String, Library> libraries = new LinkedHashMap<>();
    private final Map<String, Function> byName = new HashMap<>();
    private final Map<String, Library> libraryOf = new HashMap<>();

    static String key(String functionName) {
        return functionName.toLowerCase(Locale.ROOT);
    }

    public Function function(byte[] name) {
        return byName.get(key(new String(name, StandardCharsets.ISO_8859_1)));
    }

    public Library library(String name) {
        return libraries.get(name);
    }

    public List<Library> libraries() {
        return new ArrayList<>(libraries.values());
    }

    public int libraryCount() {
        return libraries.size();
    }

    /** INFO number_of_functions: distinct function names (case-insensitive). */
    public int functionCount() {
        return byName.size();
    }

    /**
     * FUNCTION STATS functions_count: the sum of the libraries' function counts (a library may register
     * "f" and "F": both count here, one name in {@link #functionCount}).
     */
    public int registeredCount() {
        int n = 0;
        for (Library l : libraries.values()) n += l.functions().size();
        return n;
    }

    /** The library name of a loaded function (FUNCTION STATS' running_script does not need it). */
    Library libraryOf(Function f) {
        return libraryOf.get(key(f.name()));
    }

    /** The first function of {@code lib} whose name another loaded library already uses, or null. */
    String collision(Library lib) {
        for (Function f : lib.functions()) if (byName.containsKey(key(f.name()))) return f.name();
        return null;
    }

    void link(Library lib) {
        libraries.put(lib.name(), lib);
        for (Function f : lib.functions()) {
            byName.put(key(f.name()), f);
            libraryOf.put(key(f.name()), lib);
        }
    }

    void unlink(Library lib) {
        libraries.remove(lib.name());
        for (Function f : lib.functions()) {
            byName.remove(key(f.name()));
            libraryOf.remove(key(f.name()));
        }
    }

    void clear() {
        libraries.clear();
        byName.clear();
        libraryOf.clear();
    }

    /** Libraries whose name matches the glob (nocase, as FUNCTION LIST LIBRARYNAME). */
    List<Library> matching(byte[] pattern) {
        List<Library> out = new ArrayList<>();
        for (Library l : libraries.values()) {
            if (pattern == null || Glob.match(pattern, l.name().getBytes(StandardCharsets.ISO_8859_1), true)) out.add(l);
        }
        return out;
    }
}
