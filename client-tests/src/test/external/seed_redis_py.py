"""redis-py scenario: the seed's own code, its lock, pipelines and pub/sub.

Run by ExternalClientsTest as `/usr/bin/python3 seed_redis_py.py HOST PORT` against redis-double and
against real Redis; both outputs must be identical. Every line is one observation (no ids, addresses
or random tokens), and the script exits non-zero if the seed's code does not behave as the seed
expects.
"""
import sys
import time

import redis
from redis.exceptions import LockError, LockNotOwnedError, ResponseError, WatchError

host, port = sys.argv[1], int(sys.argv[2])
r = redis.Redis(host=host, port=port)  # the seed's defaults: RESP2, bytes replies
other = redis.Redis(host=host, port=port)


def out(label, value):
    print(f"{label}: {value!r}", flush=True)


out("redis-py", redis.__version__)
out("ping", r.ping())

# ---- The seed's lock decorator: SET lock 1 EX 60 NX, run, DEL lock --------------------------------
ran = []


def locked(job):
    def wrapper(*args, **kwargs):
        if not r.set('lock', 1, ex=60, nx=True):
            return None
        try:
            return job(*args, **kwargs)
        finally:
            r.delete('lock')
    return wrapper


@locked
def refresh_job(name):
    ran.append(name)
    out("inside: ttl", r.ttl('lock'))
    out("inside: value", r.get('lock'))
    out("inside: second set nx", other.set('lock', 1, ex=60, nx=True))
    out("inside: nested run", nested())
    return "done " + name


@locked
def nested():
    ran.append("nested")
    return "nested ran"


out("decorated run", refresh_job("a"))
out("lock after run", r.get('lock'))
out("ran", ran)
assert ran == ["a"], ran
other.set('lock', 1, ex=60, nx=True)
out("run while another process holds it", refresh_job("b"))
out("ran", ran)
assert ran == ["a"], ran
out("delete", r.delete('lock'))
out("delete again", r.delete('lock'))

# ---- The seed's message handler: work filed into per-day sorted sets scored by time ---------------
day = 'media_auth_refresh_2024-03-01'
base = 1709251200.0  # 2024-03-01T00:00:00Z
for i, name in enumerate(['name3', 'name1', 'name2', 'name4']):
    out("zadd " + name, r.zadd(day, {name: base + 60.5 * i}))
out("zadd existing (score update)", r.zadd(day, {'name1': base + 1.1}))
out("zadd my-key", r.zadd('my-key', {'name1': 1.1}))
out("zrangebyscore first", r.zrangebyscore(day, base, base + 86400, start=0, num=1, withscores=True))
out("zrangebyscore page 2", r.zrangebyscore(day, base, base + 86400, start=1, num=2, withscores=True))
out("zrangebyscore -inf +inf", r.zrangebyscore(day, '-inf', '+inf'))
out("zrangebyscore exclusive", r.zrangebyscore(day, '(' + repr(base), '+inf', withscores=True))
out("zrangebyscore my-key", r.zrangebyscore('my-key', 0, 10, start=0, num=1, withscores=True))
out("zrange desc withscores", r.zrange(day, 0, -1, desc=True, withscores=True))
out("zrange my-key desc", r.zrange('my-key', 0, -1, desc=True, withscores=True))
out("zscore", r.zscore(day, 'name1'))
out("zcard", r.zcard(day))
out("zrem", r.zrem(day, 'name4', 'nope'))
out("zremrangebyscore", r.zremrangebyscore(day, '-inf', base))
out("zrange after", r.zrange(day, 0, -1, withscores=True))
out("expire day", r.expire(day, 7 * 86400))
out("ttl day", r.ttl(day))

# ---- redis-py's Lock: SET NX PX, release / extend by EVALSHA (SCRIPT LOAD on NOSCRIPT) ------------
r.script_flush()
lock = r.lock('resource', timeout=10)
out("lock acquire", lock.acquire(blocking=False))
out("lock pttl", 9000 < r.pttl('resource') <= 10000)
out("lock locked", lock.locked())
out("lock owned", lock.owned())
contender = other.lock('resource', timeout=10)
out("contender acquire", contender.acquire(blocking=False))
start = time.monotonic()
out("contender acquire with 0.3 s timeout", contender.acquire(blocking=True, blocking_timeout=0.3))

out("contender owned", contender.owned())
out("extend", lock.extend(20))
out("pttl after extend", 29000 < r.pttl('resource') <= 30000)
out("reacquire (reset ttl)", lock.reacquire())
out("pttl after reacquire", 9000 < r.pttl('resource') <= 10000)
try:
    contender.release()
    out("contender release", "released?!")
except LockError as e:
    out("contender release", type(e).__name__)
lock.release()
out("released", r.exists('resource'))
try:
    lock.release()
except LockError as e:
    out("release again", type(e).__name__)
try:
    lock.extend(5)
except LockError as e:
    out("extend unowned", type(e).__name__)
with other.lock('resource', timeout=5, blocking_timeout=1) as held:
    out("context manager owned", held.owned())
out("after context manager", r.exists('resource'))
out("script exists (release script cached)", all(r.script_exists(lock.lua_release.sha)))

# ---- pipeline(): MULTI … EXEC by default, plain pipelining with transaction=False ---------------------
p = r.pipeline()
p.set('p:a', 1).incr('p:a').incrby('p:a', 10).get('p:a').hset('p:h', mapping={'f': 'v', 'g': 'w'}).hgetall('p:h')
out("pipeline transaction", p.execute())
p = r.pipeline(transaction=False)
p.set('p:s', 'text').incr('p:s').get('p:s')
res = p.execute(raise_on_error=False)
out("pipeline errors in place", [type(x).__name__ + ":" + str(x) if isinstance(x, Exception) else x for x in res])
p = r.pipeline()
p.set('p:t', 'x').incr('p:t').get('p:t')
try:
    p.execute()
except ResponseError as e:
    out("transaction runtime error", str(e))
out("transaction applied the rest", r.get('p:t'))

# WATCH through a pipeline: optimistic locking.
r.set('p:balance', 100)
with r.pipeline() as p:
    p.watch('p:balance')
    balance = int(p.get('p:balance'))
    other.set('p:balance', 50)
    p.multi()
    p.set('p:balance', balance - 30)
    try:
        p.execute()
        out("watch", "executed?!")
    except WatchError as e:
        out("watch", type(e).__name__)


def debit(pipe):
    balance = int(pipe.get('p:balance'))
    pipe.multi()
    pipe.set('p:balance', balance - 30)


out("transaction() helper", r.transaction(debit, 'p:balance'))
out("balance", r.get('p:balance'))

# ---- hashes and pub/sub ------------------------------------------------------------------------------
out("hset", r.hset('h:user', mapping={'name': 'ada', 'visits': 1}))
out("hincrby", r.hincrby('h:user', 'visits', 4))
out("hgetall", sorted(r.hgetall('h:user').items()))
ps = r.pubsub()
ps.subscribe('news')
out("subscribe", ps.get_message(timeout=2))
ps.psubscribe('ne*')
out("psubscribe", ps.get_message(timeout=2))
out("publish", other.publish('news', 'hello'))
out("message", ps.get_message(timeout=2))
out("pmessage", ps.get_message(timeout=2))
out("numsub", other.pubsub_numsub('news'))
ps.unsubscribe('news')
out("unsubscribe", ps.get_message(timeout=2))
ps.close()

# ---- errors as the seed would see them -----------------------------------------------------------------
for args in [('SET', 'k'), ('SET', 'k', 'v', 'EX', '0'), ('ZADD', day, 'nan', 'x'), ('INCR', 'h:user'),
             ('EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'), ('NOSUCHCOMMAND',)]:
    try:
        r.execute_command(*args)
    except ResponseError as e:
        out("error " + args[0], str(e))

out("dbsize", r.dbsize())
print("done", flush=True)
