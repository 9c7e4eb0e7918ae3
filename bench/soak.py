#!/usr/bin/env python3
"""Soak test for redis-double (issue #15): mixed load for a long time, then checks that nothing was
lost and that memory, threads and errors stayed flat.

    python3 bench/soak.py PORT PID SECONDS

PORT is a running redis-double (standalone jar), PID its process (for RSS and threads from /proc).
Load, all at once, for SECONDS:
  - 1,000 clients in pipelines of 1-16 commands: SET/GET/INCR/MSET/LPUSH/RPOP/ZADD/ZRANGEBYSCORE/
    HSET/HGETALL/XADD/XRANGE/EXPIRE/DEL/EVAL over a few thousand keys; every INCR of the counter
    key and every push/pop of the queue is counted on the client side;
  - slow consumers: subscribers that never read, while publishers send 64 KB messages (Redis's
    pubsub output limit must cut them off; the server must not buffer without end);
  - blocked clients that disconnect: BLPOP / BZPOPMIN / XREAD BLOCK on the queue keys, then close
    (nothing they would have taken may be lost);
  - fuzzed input: connections that send random bytes and RESP with corrupted lengths.
Every minute (and at the start and end) it samples INFO used_memory, connected_clients, the process's
RSS and thread count. At the end: counter == INCRs acknowledged; queue length == pushes - pops
acknowledged; errors other than the expected ones (WRONGTYPE from mixed types, OOM none) = 0.
Prints a report; exit status 1 if anything was lost or an unexpected error was seen.
"""
import asyncio
import os
import random
import sys
import time

PORT = int(sys.argv[1])
PID = int(sys.argv[2])
SECONDS = float(sys.argv[3])
HOST = "127.0.0.1"
rnd = random.Random(20261207)


def enc(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


async def read_reply(r):
    line = await r.readline()
    if not line:
        raise ConnectionError("closed")
    t = line[:1]
    if t in (b"+", b"-", b":"):
        return line[:-2]
    if t == b"$":
        n = int(line[1:-2])
        if n < 0:
            return None
        data = await r.readexactly(n + 2)
        return data[:-2]
    if t == b"*":
        n = int(line[1:-2])
        if n < 0:
            return None
        return [await read_reply(r) for _ in range(n)]
    raise ValueError("bad reply %r" % line)


stats = {"commands": 0, "incr_ok": 0, "push_ok": 0, "pop_ok": 0, "unexpected_errors": 0, "expected_errors": 0,
         "fuzz_conns": 0, "blocked_disconnects": 0, "published": 0, "reconnects": 0}
error_samples = []
deadline = 0.0


def check_error(reply):
    if isinstance(reply, bytes) and reply.startswith(b"-"):
        if reply.startswith(b"-WRONGTYPE") or reply.startswith(b"-ERR value is not") \
                or reply.startswith(b"-ERR hash value is not"):
            stats["expected_errors"] += 1
        else:
            stats["unexpected_errors"] += 1
            if len(error_samples) < 10:
                error_samples.append(reply[:200])
        return True
    return False


async def worker(i):
    rr = random.Random(i)
    while time.time() < deadline:
        try:
            r, w = await asyncio.open_connection(HOST, PORT)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        try:
            while time.time() < deadline:
                batch = []
                kinds = []
                for _ in range(rr.randint(1, 16)):
                    k = rr.randint(0, 2999)
                    op = rr.random()
                    if op < 0.2:
                        batch.append(enc("SET", "s:%d" % k, "v" * rr.randint(1, 200))); kinds.append(None)
                    elif op < 0.35:
                        batch.append(enc("GET", "s:%d" % k)); kinds.append(None)
                    elif op < 0.42:
                        batch.append(enc("INCR", "counter")); kinds.append("incr")
                    elif op < 0.50:
                        batch.append(enc("LPUSH", "queue", "item")); kinds.append("push")
                    elif op < 0.56:
                        batch.append(enc("RPOP", "queue")); kinds.append("pop")
                    elif op < 0.64:
                        batch.append(enc("ZADD", "z:%d" % (k % 50), rr.random(), "m%d" % k)); kinds.append(None)
                    elif op < 0.68:
                        batch.append(enc("ZRANGEBYSCORE", "z:%d" % (k % 50), 0, 0.5, "LIMIT", 0, 10)); kinds.append(None)
                    elif op < 0.74:
                        batch.append(enc("HSET", "h:%d" % (k % 100), "f%d" % k, k)); kinds.append(None)
                    elif op < 0.76:
                        batch.append(enc("HGETALL", "h:%d" % (k % 100))); kinds.append(None)
                    elif op < 0.82:
                        batch.append(enc("XADD", "x:%d" % (k % 10), "MAXLEN", "~", 1000, "*", "f", k)); kinds.append(None)
                    elif op < 0.84:
                        batch.append(enc("XRANGE", "x:%d" % (k % 10), "-", "+", "COUNT", 5)); kinds.append(None)
                    elif op < 0.90:
                        batch.append(enc("EXPIRE", "s:%d" % k, rr.randint(1, 30))); kinds.append(None)
                    elif op < 0.95:
                        batch.append(enc("DEL", "s:%d" % k)); kinds.append(None)
                    else:
                        batch.append(enc("EVAL", "return redis.call('incrby', KEYS[1], ARGV[1])", 1,
                                         "s:%d" % k, 1)); kinds.append(None)
                w.write(b"".join(batch))
                await w.drain()
                for kind in kinds:
                    reply = await read_reply(r)
                    stats["commands"] += 1
                    if check_error(reply):
                        continue
                    if kind == "incr":
                        stats["incr_ok"] += 1
                    elif kind == "push":
                        stats["push_ok"] += 1
                    elif kind == "pop" and reply is not None:
                        stats["pop_ok"] += 1
                await asyncio.sleep(rr.random() * 0.05)
        except (ConnectionError, asyncio.IncompleteReadError, OSError) as e:
            stats["reconnects"] += 1
            if len(error_samples) < 10:
                error_samples.append(("worker connection lost", str(e)))
            stats["unexpected_errors"] += 1
        finally:
            w.close()


async def slow_consumer(i):
    """Subscribes and never reads for 20 s, then goes: the server must cut it off past the pubsub
    output limit (32 MB hard, 8 MB for 60 s) instead of buffering without end."""
    while time.time() < deadline:
        try:
            r, w = await asyncio.open_connection(HOST, PORT)
            w.write(enc("SUBSCRIBE", "firehose"))
            await w.drain()
            await asyncio.sleep(min(20, max(0, deadline - time.time())))
            w.close()
        except OSError:
            await asyncio.sleep(1)


async def publisher():
    r, w = await asyncio.open_connection(HOST, PORT)
    payload = b"p" * 65536
    while time.time() < deadline:
        w.write(enc("PUBLISH", "firehose", payload))
        await w.drain()
        reply = await read_reply(r)
        check_error(reply)
        stats["published"] += 1
        await asyncio.sleep(0.01)
    w.close()


async def blocked_disconnector(i):
    rr = random.Random(10_000 + i)
    while time.time() < deadline:
        try:
            r, w = await asyncio.open_connection(HOST, PORT)
            cmd = rr.choice([enc("BLPOP", "nosuch:%d" % i, 0), enc("BZPOPMIN", "nosuchz:%d" % i, 0),
                             enc("XREAD", "BLOCK", 0, "STREAMS", "nosuchx:%d" % i, "$")])
            w.write(cmd)
            await w.drain()
            await asyncio.sleep(rr.random() * 0.5)
            w.close()
            stats["blocked_disconnects"] += 1
        except OSError:
            await asyncio.sleep(0.5)
        await asyncio.sleep(rr.random() * 0.2)


async def fuzzer(i):
    rr = random.Random(20_000 + i)
    while time.time() < deadline:
        try:
            r, w = await asyncio.open_connection(HOST, PORT)
            if rr.random() < 0.5:
                data = bytes(rr.getrandbits(8) for _ in range(rr.randint(1, 300)))
            else:
                data = bytearray(enc("SET", "fz:%d" % i, "x" * rr.randint(0, 50)))
                pos = rr.randrange(len(data))
                data[pos] = rr.getrandbits(8)
                data = bytes(data)
            w.write(data)
            await w.drain()
            try:
                await asyncio.wait_for(r.read(4096), 0.2)
            except asyncio.TimeoutError:
                pass
            w.close()
            stats["fuzz_conns"] += 1
        except OSError:
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.05)


def proc_status():
    rss = threads = 0
    with open("/proc/%d/status" % PID) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, threads


async def info(field_names):
    r, w = await asyncio.open_connection(HOST, PORT)
    w.write(enc("INFO", "all"))
    await w.drain()
    text = (await read_reply(r)).decode()
    w.close()
    out = {}
    for line in text.split("\r\n"):
        if ":" in line:
            k, v = line.split(":", 1)
            if k in field_names:
                out[k] = v
    return out


samples = []


async def sampler():
    start = time.time()
    while True:
        rss, threads = proc_status()
        i = await info({"used_memory", "connected_clients", "blocked_clients", "client_output_buffer_limit_disconnections"})
        samples.append((round(time.time() - start), rss, threads, i.get("used_memory"), i.get("connected_clients"),
                        i.get("blocked_clients"), stats["commands"], stats["unexpected_errors"]))
        if time.time() >= deadline:
            return
        await asyncio.sleep(min(60, max(1, deadline - time.time())))


async def main():
    global deadline
    r, w = await asyncio.open_connection(HOST, PORT)
    w.write(enc("FLUSHALL"))
    await w.drain()
    await read_reply(r)
    w.close()
    deadline = time.time() + SECONDS
    tasks = [worker(i) for i in range(1000)]
    tasks += [slow_consumer(i) for i in range(5)] + [publisher()]
    tasks += [blocked_disconnector(i) for i in range(50)] + [fuzzer(i) for i in range(5)]
    await asyncio.gather(sampler(), *tasks)
    await asyncio.sleep(2)
    # after the load: what was acknowledged must be there
    r, w = await asyncio.open_connection(HOST, PORT)
    w.write(enc("GET", "counter") + enc("LLEN", "queue"))
    await w.drain()
    counter = int(await read_reply(r) or 0)
    llen = int((await read_reply(r))[1:])
    # the keys the disconnected clients were blocked on: a push now must stay (nobody gone may take it)
    for i in range(50):
        w.write(enc("LPUSH", "nosuch:%d" % i, "x") + enc("ZADD", "nosuchz:%d" % i, 1, "m"))
    await w.drain()
    for i in range(100):
        await read_reply(r)
    await asyncio.sleep(0.5)
    kept = 0
    for i in range(50):
        w.write(enc("LLEN", "nosuch:%d" % i) + enc("ZCARD", "nosuchz:%d" % i))
    await w.drain()
    for i in range(100):
        kept += int((await read_reply(r))[1:])
    w.close()
    lost_to_gone = 100 - kept
    await asyncio.sleep(2)
    rss, threads = proc_status()
    i = await info({"used_memory", "connected_clients", "blocked_clients"})
    samples.append(("end+4s", rss, threads, i.get("used_memory"), i.get("connected_clients"), i.get("blocked_clients"),
                    stats["commands"], stats["unexpected_errors"]))
    print("seconds rss threads used_memory connected_clients blocked_clients commands unexpected_errors")
    for s in samples:
        print(" ".join(str(x) for x in s))
    print("stats:", stats)
    lost_incr = stats["incr_ok"] - counter
    lost_queue = (stats["push_ok"] - stats["pop_ok"]) - llen
    print("counter %d (INCRs acknowledged %d): lost %d" % (counter, stats["incr_ok"], lost_incr))
    print("queue length %d (pushes %d - pops %d): lost %d" % (llen, stats["push_ok"], stats["pop_ok"], lost_queue))
    if error_samples:
        print("error samples:", error_samples)
    print("pushed onto the keys of disconnected blocked clients: 100, kept %d" % kept)
    ok = lost_incr == 0 and lost_queue == 0 and lost_to_gone == 0 and stats["unexpected_errors"] == 0 \
        and str(samples[-1][5]) == "0"
    print("RESULT:", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


asyncio.run(main())
