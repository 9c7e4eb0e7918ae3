// node-redis 6 scenario with its defaults (HELLO 3: RESP3), run by ExternalClientsTest as
// `node node_redis.mjs HOST PORT` against redis-double and real Redis; both outputs must be identical.
// Each line is one observation (no ids, addresses or random tokens).
import { createClient } from 'redis';
import { createRequire } from 'node:module';

const [host, port] = process.argv.slice(2);
const version = createRequire(import.meta.url)('redis/package.json').version;

function out(label, value) {
  console.log(`${label}: ${JSON.stringify(value, (k, v) => (v instanceof Map ? Object.fromEntries(v) : v))}`);
}

async function expectError(label, fn) {
  try {
    out(label, await fn());
  } catch (e) {
    out(label, `${e.constructor.name}: ${e.message}`);
    if (e.replies) out(`${label} replies`, e.replies.map((r) => (r instanceof Error ? `${r.constructor.name}: ${r.message}` : r)));
  }
}

const client = createClient({ url: `redis://${host}:${port}` });
client.on('error', (e) => console.log(`client error: ${e.message}`));
await client.connect();
out('node-redis', version);
const info = await client.clientInfo();
out('resp', info.resp);
out('ping', await client.ping());

// The lock primitive: SET k v PX ms NX, compare-and-delete release.
out('set nx px', await client.set('lock', 'token-a', { condition: 'NX', expiration: { type: 'PX', value: 30000 } }));
out('set nx px again', await client.set('lock', 'token-b', { condition: 'NX', expiration: { type: 'PX', value: 30000 } }));
out('set nx ex (deprecated options)', await client.set('lock2', '1', { NX: true, EX: 60 }));
out('ttl', await client.ttl('lock2'));
const release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
out('release with wrong token', await client.eval(release, { keys: ['lock'], arguments: ['token-b'] }));
const sha = await client.scriptLoad(release);
out('sha length', sha.length);
out('release by evalsha', await client.evalSha(sha, { keys: ['lock'], arguments: ['token-a'] }));
out('exists', await client.exists('lock'));
await expectError('evalsha unknown', () => client.evalSha('f'.repeat(40), { keys: ['lock'] }));
out('eval table', await client.eval("return {1, 'two', 3.5, {4}, redis.call('ping')}"));
out('eval status', await client.eval("return redis.call('set', KEYS[1], 'x')", { keys: ['k'] }));

// Sorted sets (RESP3 doubles) as the seed's handler uses them.
const day = 'media_auth_refresh_2024-03-01';
out('zadd', await client.zAdd(day, [{ score: 1.1, value: 'name1' }, { score: 0.5, value: 'name3' }, { score: 2, value: 'name2' }]));
out('zadd update', await client.zAdd(day, { score: 3.25, value: 'name2' }));
out('zrangebyscore limit', await client.zRangeByScore(day, 0, 10, { LIMIT: { offset: 0, count: 1 } }));
out('zrangebyscore withscores', await client.zRangeByScoreWithScores(day, '(0.5', '+inf'));
out('zrange rev withscores', await client.zRangeWithScores(day, 0, -1, { REV: true }));
out('zrange byscore rev limit', await client.zRange(day, 10, 0, { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: 2 } }));
out('zscore', await client.zScore(day, 'name1'));
out('zincrby', await client.zIncrBy(day, 0.25, 'name1'));
out('zrank', await client.zRank(day, 'name1'));
out('zpopmin', await client.zPopMin(day));
out('zcard', await client.zCard(day));

// Hashes (RESP3 maps).
out('hset', await client.hSet('h:user', { name: 'ada', visits: 1 }));
out('hincrby', await client.hIncrBy('h:user', 'visits', 4));
out('hgetall', await client.hGetAll('h:user'));
out('hgetall missing', await client.hGetAll('h:none'));

// MULTI/EXEC, WATCH, pipelining.
out('multi', await client.multi().set('t:n', '1').incr('t:n').get('t:n').exec());
await expectError('multi with runtime error', () => client.multi().set('t:s', 'x').incr('t:s').exec());
const watcher = client.duplicate();
await watcher.connect();
await client.set('w:balance', '100');
// node-redis 5+: WATCH on a dedicated connection, then MULTI/EXEC on it.
const txClient = client.duplicate();
await txClient.connect();
await txClient.watch('w:balance');
await watcher.set('w:balance', '50');
await expectError('watched exec', () => txClient.multi().set('w:balance', '70').exec());
out('balance', await client.get('w:balance'));
out('pipeline', await Promise.all([client.set('p:a', '1'), client.incrBy('p:a', 9), client.get('p:a')]));
out('multi pipeline (no MULTI)', await client.multi().set('p:b', '2').get('p:b').execAsPipeline());

// Pub/sub over RESP3 pushes on a duplicate connection.
const sub = client.duplicate();
await sub.connect();
const got = [];
let resolveAll;
const all = new Promise((r) => { resolveAll = r; });
await sub.subscribe('news', (message, channel) => { got.push(`message ${channel} ${message}`); if (got.length === 3) resolveAll(); });
await sub.pSubscribe('ne*', (message, channel) => { got.push(`pmessage ne* ${channel} ${message}`); if (got.length === 3) resolveAll(); });
out('publish news', await client.publish('news', 'hello'));
out('publish nest', await client.publish('nest', 'egg'));
out('numsub', await client.pubSubNumSub('news'));
await Promise.race([all, new Promise((r) => setTimeout(r, 3000))]);
got.sort();
out('received', got);
await sub.unsubscribe('news');
await sub.pUnsubscribe('ne*');
out('publish after unsubscribe', await client.publish('news', 'x'));

// Errors.
await expectError('wrong type', () => client.incr('h:user'));
await expectError('syntax', () => client.sendCommand(['SET', 'k', 'v', 'NX', 'XX']));
await expectError('unknown', () => client.sendCommand(['NOSUCHCOMMAND', 'a']));
out('dbsize', await client.dbSize());

for (const c of [sub, txClient, watcher, client]) c.destroy();
console.log('done');
