"""redis-py scenario: lists (a job queue with blocking pops) and sets (tags, dedup).

Run by ExternalClientsTest as `/usr/bin/python3 lists_sets_redis_py.py HOST PORT` against redis-double
and against real Redis; both outputs must be identical. Every line is one observation; sets are printed
sorted (their order is Redis-internal). A pop that another connection wakes is pushed only once INFO
reports the popping client blocked.
"""
import sys
import threading
import time

import redis
from redis.exceptions import ResponseError

host, port = sys.argv[1], int(sys.argv[2])
r = redis.Redis(host=host, port=port)
other = redis.Redis(host=host, port=port)


def out(label, value):
    print(f"{label}: {value!r}", flush=True)


def blocked_clients():
    return other.info('clients')['blocked_clients']


def woken(label, pop, push):
    """Runs pop on its own connection, waits until it is blocked, pushes, prints what pop returned
    (if pop answered at once instead, that answer is printed, without the push)."""
    result = {}
    t = threading.Thread(target=lambda: result.setdefault('v', pop(redis.Redis(host=host, port=port))))
    t.start()
    deadline = time.monotonic() + 20
    while blocked_clients() != 1:
        if not t.is_alive():
            out(label + " (answered without blocking)", result.get('v'))
            return
        if time.monotonic() > deadline:
            print(f"{label}: never blocked", flush=True)
            sys.exit(1)
        time.sleep(0.005)
    push()
    t.join(20)
    out(label, result.get('v', 'no reply'))


# ---- lists ---------------------------------------------------------------------------------------------
out("rpush", r.rpush('q:jobs', 'a', 'b', 'c', 'b'))
out("lpush", r.lpush('q:jobs', 'z'))
out("lrange", r.lrange('q:jobs', 0, -1))
out("lrange out of range", r.lrange('q:jobs', 10, 20))
out("linsert", r.linsert('q:jobs', 'AFTER', 'c', 'c2'))
out("linsert no pivot", r.linsert('q:jobs', 'BEFORE', 'nope', 'x'))
out("lindex -1", r.lindex('q:jobs', -1))
out("lpos", r.lpos('q:jobs', 'b'))
out("lpos rank -1", r.lpos('q:jobs', 'b', rank=-1))
out("lpos count 0", r.lpos('q:jobs', 'b', count=0))
out("lpos maxlen", r.lpos('q:jobs', 'b', count=0, maxlen=3))
out("lset", r.lset('q:jobs', 0, 'y'))
out("lrem", r.lrem('q:jobs', -1, 'b'))
out("ltrim", r.ltrim('q:jobs', 1, -1))
out("after ltrim", r.lrange('q:jobs', 0, -1))
out("lpop count", r.lpop('q:jobs', 2))
out("rpop", r.rpop('q:jobs'))
out("lmove", r.lmove('q:jobs', 'q:done', 'LEFT', 'RIGHT'))
out("rpoplpush rotate", r.rpoplpush('q:done', 'q:done'))
out("lmpop", r.lmpop(2, 'q:none', 'q:done', direction='RIGHT', count=5))
out("llen", r.llen('q:done'))
out("exists after last pop", r.exists('q:done'))
for args in [('LSET', 'q:none', '0', 'x'), ('LPOS', 'q:jobs', 'a', 'RANK', '0'), ('LPOP', 'q:jobs', '-1'),
             ('LMOVE', 'q:jobs', 'q:x', 'UP', 'LEFT')]:
    try:
        out("reply " + args[0], r.execute_command(*args))
    except ResponseError as e:
        out("error " + args[0], str(e))

# ---- blocking pops ---------------------------------------------------------------------------------------
out("blpop timeout", r.blpop(['q:none', 'q:other'], timeout=0.1))
out("brpop timeout", r.brpop('q:none', timeout=0.1))
out("blmove timeout", r.blmove('q:none', 'q:done', 0.1, 'RIGHT', 'LEFT'))
out("brpoplpush timeout", r.brpoplpush('q:none', 'q:done', timeout=1))
out("blmpop timeout", r.blmpop(0.1, 2, 'q:none', 'q:other', direction='LEFT', count=2))
r.rpush('q:ready', 'r1', 'r2')
out("blpop ready", r.blpop(['q:none', 'q:ready'], timeout=1))
woken("blpop woken", lambda c: c.blpop(['q:a', 'q:b'], timeout=20), lambda: other.rpush('q:b', 'pushed'))
woken("brpop woken", lambda c: c.brpop('q:a', timeout=20), lambda: other.rpush('q:a', 'x', 'y'))
woken("blmove woken", lambda c: c.blmove('q:src', 'q:processing', 20, 'RIGHT', 'LEFT'),
      lambda: other.lpush('q:src', 'job-1'))
woken("brpoplpush woken", lambda c: c.brpoplpush('q:src', 'q:processing', timeout=20),
      lambda: other.lpush('q:src', 'job-2'))
woken("blmpop woken", lambda c: c.blmpop(20, 2, 'q:m1', 'q:m2', direction='LEFT', count=2),
      lambda: other.rpush('q:m2', 'm1', 'm2', 'm3'))
out("processing", r.lrange('q:processing', 0, -1))
out("ack", r.lrem('q:processing', -1, 'job-1'))
out("left over", [r.lrange(k, 0, -1) for k in ('q:a', 'q:m2', 'q:processing')])
p = r.pipeline()  # MULTI/EXEC: a blocking pop inside a transaction answers at once
p.blpop('q:none', timeout=0).rpush('q:t', 'a').brpop('q:t', timeout=0)
out("blocking pops in a transaction", p.execute())
out("blocked clients", blocked_clients())

# ---- sets ------------------------------------------------------------------------------------------------
out("sadd", r.sadd('s:tags', 'red', 'green', 'blue'))
out("sadd again", r.sadd('s:tags', 'red', 'pink'))
out("sadd ints", r.sadd('s:ids', 3, 1, 2, 10))
out("smembers sorted", sorted(r.smembers('s:tags')))
out("smembers of an intset", sorted(r.smembers('s:ids'), key=int))
out("sismember", r.sismember('s:tags', 'red'))
out("smismember", r.smismember('s:tags', ['red', 'nope']))
out("scard", r.scard('s:tags'))
out("sadd other", r.sadd('s:other', 'red', 'black'))
out("sinter", sorted(r.sinter('s:tags', 's:other')))
out("sunion", sorted(r.sunion('s:tags', 's:other')))
out("sdiff", sorted(r.sdiff('s:tags', 's:other')))
out("sintercard", r.sintercard(2, ['s:tags', 's:other']))
out("sunionstore", r.sunionstore('s:all', 's:tags', 's:other'))
out("sdiffstore empty", r.sdiffstore('s:empty', 's:other', 's:all'))
out("exists empty store", r.exists('s:empty'))
out("smove", r.smove('s:tags', 's:other', 'green'))
out("srem", r.srem('s:tags', 'green', 'blue', 'nope'))
out("spop all", sorted(r.spop('s:ids', 10), key=int))
out("spop missing", r.spop('s:ids'))
out("srandmember all", sorted(r.srandmember('s:other', 10)))
out("srandmember negative", len(r.srandmember('s:other', -7)))
out("srandmember one in set", r.srandmember('s:other') in r.smembers('s:other'))
dedup = [m for m in ['m1', 'm2', 'm1', 'm3', 'm2'] if r.sadd('s:seen', m)]
out("dedup", dedup)
try:
    r.lpush('s:tags', 'x')
except ResponseError as e:
    out("wrong type", str(e))
out("types", [r.type(k) for k in ('q:processing', 's:tags', 's:none')])
print("done", flush=True)
