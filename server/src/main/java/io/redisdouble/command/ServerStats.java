package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Counters behind INFO's commandstats / errorstats / persistence lines, and the server's identity
 * (run_id, replication id). Updated by the Engine on the command thread; CONFIG RESETSTAT clears the
 * resettable ones, as resetServerStats / resetCommandTableStats / resetErrorTableStats do.
 */
public final class ServerStats {
    /** Per command (full name, e.g. "client|list"): calls, microseconds, rejected and failed calls. */
    public static final class CommandStat {
        long calls, usec, rejected, failed;
    }

    final Map<String, CommandStat> commands = new LinkedHashMap<>();
    final Map<String, Long> errors = new LinkedHashMap<>();
    long totalErrorReplies;
    /** Unix seconds of the last (emulated) save; the start time at first. */
    long lastSaveSeconds;
    long saves;
    final String runId;
    final String replId;

    /** INFO's master_replid (final: may be read from any thread). */
    public String replId() {
        return replId;
    }
    long peakMemory;
    /**
     * server.dirty: writes since the last SAVE / BGSAVE (INFO rdb_changes_since_last_save). One per write
     * that signals a key (SETBIT and BITFIELD only when a bit changed, DEL per key deleted, MSET per key),
     * plus FLUSHALL / FLUSHDB's removed keys (and one for FLUSHALL). Redis counts some collection writes
     * by element (SADD of three new members: 3); here each such write counts once.
     */
    long dirty;
    /** Clients closed for their query / output buffer (INFO client_*_buffer_limit_disconnections, 7.4). */
    long queryBufferLimitDisconnections;
    long outputBufferLimitDisconnections;

    ServerStats(long startMillis, SplittableRandom random) {
        this.lastSaveSeconds = startMillis / 1000;
        this.runId = hex40(random);
        this.replId = hex40(random);
    }

    private static String hex40(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) sb.append(Character.forDigit(r.nextInt(16), 16));
        return sb.toString();
    }

    CommandStat command(String fullName) {
        return commands.computeIfAbsent(fullName, k -> new CommandStat());
    }

    /** afterErrorReply: counts an error reply by its code (the text up to the first space). */
    void error(Reply r) {
        if (!(r instanceof Reply.Error e)) return;
        String text = e.text;
        // afterErrorReply: the code is what precedes a space within the first 32 bytes of "-text", else ERR
        int sp = text.indexOf(' ');
        String code = sp < 0 || sp + 1 >= 32 ? "ERR" : text.substring(0, sp);
        totalErrorReplies++;
        errors.merge(code, 1L, Long::sum);
    }

    void reset() {
        commands.clear();
        errors.clear();
        totalErrorReplies = 0;
        queryBufferLimitDisconnections = 0;
        outputBufferLimitDisconnections = 0;
    }
}
