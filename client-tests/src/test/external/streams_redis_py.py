"""redis-py scenario: streams as applications use them.

Run by ExternalClientsTest as `/usr/bin/python3 streams_redis_py.py HOST PORT` against redis-double and
against real Redis; both outputs must be identical. Every line is one observation. IDs the server
generates (`*`: milliseconds-sequence) differ between two runs, so each is printed as <id1>, <id2>…
in the order the script first sees it; idle times are printed as the fact the script relies on
("idle >= 300 ms"), never as a number. The script also checks what it relies on itself (exit 1).

- an outbox relay: orders and their events written in MULTI/EXEC, a relay reading through a consumer
  group, a failed publish left pending and retried from the consumer's own history, XACK;
- a worker that dies with messages pending: after 300 ms (real time on both servers: the double runs
  on its flowing clock here) XPENDING with IDLE and XAUTOCLAIM move them to another worker; XCLAIM with
  IDLE / TIME / RETRYCOUNT / FORCE / JUSTID;
- blocking XREAD and XREADGROUP woken by a producer on another connection (pushed only once INFO
  reports the reader blocked), and one that times out;
- MAXLEN trimming on XADD and XTRIM (exact and ~), MINID; XINFO STREAM / GROUPS / CONSUMERS.
"""
import re
import sys
import threading
import time

import redis
from redis.exceptions import ResponseError

host, port = sys.argv[1], int(sys.argv[2])
r = redis.Redis(host=host, port=port)
other = redis.Redis(host=host, port=port)

GENERATED_ID = re.compile(r"(?<![0-9-])\d{13}-\d+(?![0-9])")
aliases = {}


def norm(text):
    return GENERATED_ID.sub(lambda m: aliases.setdefault(m.group(0), f"<id{len(aliases) + 1}>"), text)


def out(label, value):
    print(f"{label}: {norm(repr(value))}", flush=True)


def check(condition, what):
    if not condition:
        print(f"check failed: {norm(what)}", flush=True)
        sys.exit(1)


def idle_at_least(ms, limit):
    return f"idle >= {limit} ms: {ms >= limit}"


def blocked_clients():
    return other.info('clients')['blocked_clients']


def woken(label, read, write):
    """Runs read on its own connection, waits until it is blocked, writes, prints what read returned
    (if read answered at once instead, that answer is printed, without the write)."""
    result = {}
    t = threading.Thread(target=lambda: result.setdefault('v', read(redis.Redis(host=host, port=port))))
    t.start()
    deadline = time.monotonic() + 20
    while blocked_clients() != 1:
        if not t.is_alive():
            out(label + " (answered without blocking)", result.get('v'))
            return result.get('v')
        if time.monotonic() > deadline:
            print(f"{label}: never blocked", flush=True)
            sys.exit(1)
        time.sleep(0.005)
    write()
    t.join(20)
    out(label, result.get('v', 'no reply'))
    return result.get('v')


# ---- an outbox relay ---------------------------------------------------------------------------------------
out("xgroup_create mkstream", r.xgroup_create('outbox', 'relay', id='$', mkstream=True))
for n in range(1, 4):
    tx = r.pipeline()  # MULTI/EXEC: the order and its event together
    tx.hset(f'order:{n}', mapping={'state': 'placed', 'amount': f'{n}0.00'})
    tx.xadd('outbox', {'type': 'OrderPlaced', 'order': n})
    out(f"place order {n}", tx.execute())
batch = r.xreadgroup('relay', 'relay-1', {'outbox': '>'}, count=10)
out("relay reads", batch)
check(len(batch[0][1]) == 3, "three events")
for entry_id, fields in batch[0][1]:
    if fields[b'order'] == b'2':
        out("publish failed", entry_id)  # left pending
        continue
    r.rpush('published', fields[b'order'])
    out("ack", r.xack('outbox', 'relay', entry_id))
out("pending", r.xpending('outbox', 'relay'))
out("nothing new", r.xreadgroup('relay', 'relay-1', {'outbox': '>'}, count=10))
history = r.xreadgroup('relay', 'relay-1', {'outbox': '0'})
out("own history", history)
for entry_id, fields in history[0][1]:
    r.rpush('published', fields[b'order'])
    out("retry ack", r.xack('outbox', 'relay', entry_id))
out("history after ack", r.xreadgroup('relay', 'relay-1', {'outbox': '0'}))
out("published", r.lrange('published', 0, -1))
out("ack unknown id", r.xack('outbox', 'relay', '1-1'))

# ---- a worker dies with messages pending -------------------------------------------------------------------
for n in range(1, 7):
    out(f"xadd job-{n} maxlen=4", r.xadd('jobs', {'job': f'job-{n}'}, maxlen=4, approximate=False))
out("xlen", r.xlen('jobs'))
out("xgroup_create from 0", r.xgroup_create('jobs', 'workers', id='0'))
w1 = r.xreadgroup('workers', 'w1', {'jobs': '>'}, count=3)
out("w1 reads", w1)
ids = [entry_id for entry_id, _ in w1[0][1]]
out("w1 acks the first", r.xack('jobs', 'workers', ids[0]))
# w1 dies here with two jobs pending
out("xpending", r.xpending('jobs', 'workers'))
out("idle >= 250 ms at once", r.xpending_range('jobs', 'workers', '-', '+', 10, idle=250))
out("xautoclaim at once", r.xautoclaim('jobs', 'workers', 'w2', 250, start_id='0-0', count=10))
time.sleep(0.3)
stale = r.xpending_range('jobs', 'workers', '-', '+', 10, idle=250)
check(len(stale) == 2, "two stale entries")
for p in stale:
    out("stale", (p['message_id'], p['consumer'], p['times_delivered'], idle_at_least(p['time_since_delivered'], 300)))
first = r.xautoclaim('jobs', 'workers', 'w2', 250, start_id='0-0', count=1)
out("xautoclaim count 1", first)
rest = r.xautoclaim('jobs', 'workers', 'w2', 250, start_id=first[0], count=10, justid=True)
out("xautoclaim the rest, justid", rest)
for p in r.xpending_range('jobs', 'workers', '-', '+', 10, consumername='w2'):
    out("w2 holds", (p['message_id'], p['times_delivered'], idle_at_least(p['time_since_delivered'], 250)))
out("w2 acks", r.xack('jobs', 'workers', *ids[1:]))
for c in r.xinfo_consumers('jobs', 'workers'):
    out("consumer", (c['name'], c['pending'], idle_at_least(c['idle'], 300)))

# XCLAIM options: park a message as if delivered a minute ago, set its delivery count, take one that no
# one holds (FORCE), return IDs only (JUSTID).
w3 = r.xreadgroup('workers', 'w3', {'jobs': '>'}, count=1)
job = w3[0][1][0][0]
out("w3 reads", w3)
out("xclaim idle=60000 justid", r.xclaim('jobs', 'workers', 'w4', 0, [job], idle=60000, justid=True))
parked = r.xpending_range('jobs', 'workers', '-', '+', 10)
out("parked", [(p['message_id'], p['consumer'], p['times_delivered'], idle_at_least(p['time_since_delivered'], 60000))
               for p in parked])
now_ms = int(r.time()[0]) * 1000
out("xclaim time=now-120 s retrycount=7", r.xclaim('jobs', 'workers', 'w4', 50000, [job], time=now_ms - 120000,
                                                     retrycount=7))
p = r.xpending_range('jobs', 'workers', job, job, 1)[0]
out("after time/retrycount", (p['consumer'], p['times_delivered'], idle_at_least(p['time_since_delivered'], 60000)))
acked = r.xrange('jobs', count=1)[0][0]  # w1 acknowledged it: in no pending list
out("xclaim not pending", r.xclaim('jobs', 'workers', 'w4', 0, [acked]))
out("xclaim force justid", r.xclaim('jobs', 'workers', 'w4', 0, [acked], force=True, justid=True))
out("xpending", r.xpending('jobs', 'workers'))
out("xgroup_delconsumer w4", r.xgroup_delconsumer('jobs', 'workers', 'w4'))
out("xpending after delconsumer", r.xpending('jobs', 'workers'))
try:
    r.xreadgroup('nope', 'c', {'jobs': '>'})
except ResponseError as e:
    out("error NOGROUP", str(e))
try:
    r.xgroup_create('jobs', 'workers', id='0')
except ResponseError as e:
    out("error BUSYGROUP", str(e))

# ---- blocking reads woken by a producer ----------------------------------------------------------------------
out("xread block times out", r.xread({'jobs': '$'}, block=100))
out("xreadgroup block times out", r.xreadgroup('workers', 'w5', {'jobs': '>'}, block=100))
got = woken("xreadgroup woken", lambda c: c.xreadgroup('workers', 'w5', {'jobs': '>'}, count=10, block=20000),
            lambda: other.xadd('jobs', {'job': 'job-7'}, maxlen=4, approximate=False))
check(got and [f for _, f in got[0][1]] == [{b'job': b'job-7'}], "w5 got job-7")
tail = woken("xread woken", lambda c: c.xread({'jobs': '$', 'other': '$'}, count=10, block=20000),
             lambda: other.xadd('jobs', {'job': 'job-8'}, maxlen=4, approximate=False))
check(tail and tail[0][1][0][1] == {b'job': b'job-8'}, "the tail saw job-8")
out("xgroup_create audit at $", r.xgroup_create('jobs', 'audit', id='$'))
woken("xreadgroup noack woken", lambda c: c.xreadgroup('audit', 'a1', {'jobs': '>'}, block=20000, noack=True),
      lambda: other.xadd('jobs', {'job': 'job-9'}))
out("audit pending (NOACK)", r.xpending('jobs', 'audit'))
out("blocked clients", blocked_clients())

# ---- trimming and XINFO -------------------------------------------------------------------------------------
out("xrange", r.xrange('jobs'))
out("xtrim ~ 1", r.xtrim('jobs', maxlen=1, approximate=True))
out("xtrim = 3", r.xtrim('jobs', maxlen=3, approximate=False))
out("xtrim minid", r.xtrim('jobs', minid=r.xrange('jobs', count=2)[1][0], approximate=False))
out("xdel", r.xdel('jobs', r.xrange('jobs', count=1)[0][0], '1-1'))
out("xrange after trims", r.xrange('jobs'))
out("xrevrange count 1", r.xrevrange('jobs', count=1))
out("xinfo_stream", sorted(r.xinfo_stream('jobs').items()))
out("xinfo_groups", [sorted(g.items()) for g in r.xinfo_groups('jobs')])
consumers = r.xinfo_consumers('jobs', 'workers')
out("consumers", [(c['name'], c['pending']) for c in consumers])
idle = {c['name']: c['idle'] for c in consumers}
check(idle[b'w1'] >= idle[b'w2'] >= idle[b'w3'] >= idle[b'w5'] >= 0, f"idle in the order last seen: {idle}")
print("done", flush=True)
