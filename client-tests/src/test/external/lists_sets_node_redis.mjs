// node-redis 6 scenario (default RESP3 handshake): lists as a job queue, blocking pops that time out
// and that another connection wakes, sets. Run by ExternalClientsTest as
// `node lists_sets_node_redis.mjs HOST PORT` against redis-double and real Redis; both outputs must be
// identical. Each line is one observation; sets are printed sorted (their order is Redis-internal).
import { createClient } from 'redis';

const [host, port] = process.argv.slice(2);

function out(label, value) {
  console.log(`${label}: ${JSON.stringify(value, (k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v))}`);
}

async function expectError(label, fn) {
  try {
    out(label, await fn());
  } catch (e) {
    out(label, `${e.constructor.name}: ${e.message}`);
  }
}

const sorted = (xs) => [...xs].sort();

const client = createClient({ url: `redis://${host}:${port}` });
client.on('error', (e) => console.log(`client error: ${e.message}`));
await client.connect();
const waiter = client.duplicate();
await waiter.connect();

async function blockedClients() {
  const info = await client.info('clients');
  return Number(/blocked_clients:(\d+)/.exec(info)[1]);
}

// Sends the pop on the waiter connection, pushes only once the server reports it blocked (if the pop
// answered at once instead, that answer is printed, without the push).
async function woken(label, pop, push) {
  let answered = false;
  const pending = pop(waiter).finally(() => { answered = true; });
  const deadline = Date.now() + 20000;
  while ((await blockedClients()) !== 1) {
    if (answered) {
      out(`${label} (answered without blocking)`, await pending);
      return;
    }
    if (Date.now() > deadline) throw new Error(`${label}: never blocked`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await push();
  out(label, await pending);
}

// Lists.
out('rpush', await client.rPush('q:jobs', ['a', 'b', 'c', 'b']));
out('lpush', await client.lPush('q:jobs', 'z'));
out('lrange', await client.lRange('q:jobs', 0, -1));
out('linsert', await client.lInsert('q:jobs', 'BEFORE', 'c', 'c0'));
out('lindex', await client.lIndex('q:jobs', -2));
out('lpos', await client.lPos('q:jobs', 'b', { RANK: -1 }));
out('lpos count', await client.lPosCount('q:jobs', 'b', 0, { MAXLEN: 6 }));
out('lset', await client.lSet('q:jobs', 0, 'y'));
out('lrem', await client.lRem('q:jobs', 0, 'b'));
out('ltrim', await client.lTrim('q:jobs', 0, 2));
out('after ltrim', await client.lRange('q:jobs', 0, -1));
out('lpop count', await client.lPopCount('q:jobs', 2));
out('lpop count missing', await client.lPopCount('q:none', 2));
out('lmove', await client.lMove('q:jobs', 'q:done', 'RIGHT', 'LEFT'));
out('rpoplpush', await client.rPopLPush('q:done', 'q:done'));
out('lmpop', await client.lmPop(['q:none', 'q:done'], 'LEFT', { COUNT: 3 }));
out('llen', await client.lLen('q:done'));
await expectError('lset missing', () => client.lSet('q:none', 0, 'x'));
await expectError('lpos rank 0', () => client.sendCommand(['LPOS', 'q:jobs', 'a', 'RANK', '0']));
await expectError('lindex not integer', () => client.sendCommand(['LINDEX', 'q:jobs', 'x']));

// Blocking pops.
out('blpop timeout', await waiter.blPop(['q:none', 'q:other'], 0.1));
out('brpop timeout', await waiter.brPop('q:none', 0.1));
out('blmove timeout', await waiter.blMove('q:none', 'q:done', 'LEFT', 'RIGHT', 0.1));
out('brpoplpush timeout', await waiter.brPopLPush('q:none', 'q:done', 0.1));
out('blmpop timeout', await waiter.blmPop(0.1, ['q:none', 'q:other'], 'RIGHT', { COUNT: 2 }));
await woken('blpop woken', (c) => c.blPop(['q:a', 'q:b'], 20), () => client.rPush('q:b', 'pushed'));
await woken('brpop woken', (c) => c.brPop('q:a', 20), () => client.rPush('q:a', ['x', 'y']));
await woken('blmove woken', (c) => c.blMove('q:src', 'q:processing', 'RIGHT', 'LEFT', 20), () => client.lPush('q:src', 'job-1'));
await woken('brpoplpush woken', (c) => c.brPopLPush('q:src', 'q:processing', 20), () => client.lPush('q:src', 'job-2'));
await woken('blmpop woken', (c) => c.blmPop(20, ['q:m1', 'q:m2'], 'LEFT', { COUNT: 2 }), () => client.rPush('q:m2', ['m1', 'm2', 'm3']));
out('processing', await client.lRange('q:processing', 0, -1));
out('left over', await Promise.all(['q:a', 'q:m2'].map((k) => client.lRange(k, 0, -1))));
out('blocking pops in MULTI', await client.multi().blPop('q:none', 0).rPush('q:t', 'a').brPop('q:t', 0).exec());
out('blocked clients', await blockedClients());

// Sets.
out('sadd', await client.sAdd('s:tags', ['red', 'green', 'blue']));
out('sadd again', await client.sAdd('s:tags', ['red', 'pink']));
out('sadd ints', await client.sAdd('s:ids', ['3', '1', '2', '10']));
out('smembers', sorted(await client.sMembers('s:tags')));
out('smembers intset', (await client.sMembers('s:ids')).map(Number).sort((a, b) => a - b));
out('sismember', await client.sIsMember('s:tags', 'red'));
out('smismember', await client.smIsMember('s:tags', ['red', 'nope']));
out('scard', await client.sCard('s:tags'));
out('sadd other', await client.sAdd('s:other', ['red', 'black']));
out('sinter', sorted(await client.sInter(['s:tags', 's:other'])));
out('sunion', sorted(await client.sUnion(['s:tags', 's:other'])));
out('sdiff', sorted(await client.sDiff(['s:tags', 's:other'])));
out('sintercard', await client.sInterCard(['s:tags', 's:other']));
out('sunionstore', await client.sUnionStore('s:all', ['s:tags', 's:other']));
out('smove', await client.sMove('s:tags', 's:other', 'green'));
out('srem', await client.sRem('s:tags', ['green', 'blue', 'nope']));
out('spop count', sorted(await client.sPopCount('s:ids', 10)));
out('spop missing', await client.sPop('s:ids'));
out('srandmember count', sorted(await client.sRandMemberCount('s:other', 10)));
out('srandmember negative', (await client.sRandMemberCount('s:other', -7)).length);
await expectError('wrong type', () => client.lPush('s:tags', 'x'));
out('types', await Promise.all(['q:processing', 's:tags', 's:none'].map((k) => client.type(k))));

for (const c of [waiter, client]) c.destroy();
console.log('done');
