package io.redisdouble.command;

import io.redisdouble.util.RedisVersion;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's settings: those fixed at start (version, databases, port) and the CONFIG GET/SET table.
 * Parameter values are kept as the strings CONFIG GET returns.
 */
public final class ServerConfig {
    private final RedisVersion version;
    private final int databases;
    private final Map<String, String> params = new LinkedHashMap<>();

    public ServerConfig(RedisVersion version, int databases, int port, String bind, String requirepass) {
        this.version = version;
        this.databases = databases;
        // Defaults of a redis-server started without a config file (as the reference is started).
        params.put("requirepass", requirepass == null ? "" : requirepass);
        params.put("databases", Integer.toString(databases));
        params.put("port", Integer.toString(port));
        params.put("bind", bind);
    }

    public RedisVersion version() {
        return version;
    }

    public int databases() {
        return databases;
    }

    /** The password clients must AUTH with, or null if none. */
    public String requirepass() {
        String p = params.get("requirepass");
        return p == null || p.isEmpty() ? null : p;
    }

    public Map<String, String> params() {
        return params;
    }

    public String get(String name) {
        return params.get(name);
    }

    public void set(String name, String value) {
        params.put(name, value);
    }
}
