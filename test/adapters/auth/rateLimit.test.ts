import t from 'tap';
import { createRateLimits, type RateLimit } from '../../../adapters/auth/rateLimit.js';
import { freshDatabase, NO_POSTGRES, postgresAdminUrl, realPostgres } from '../../helpers/database.js';

const perSecond: RateLimit = { scope: 'test-per-second', max: 1, windowSeconds: 1 };
const threePerMinute: RateLimit = { scope: 'test-per-minute', max: 3, windowSeconds: 60 };
const at = (iso: string) => new Date(iso);

t.test('given one request a second, then a second request in the same second is refused, and the next second is open', async (t) => {
  const limits = await createRateLimits(await freshDatabase(t));
  t.equal(await limits.allow(perSecond, '10.0.0.1', at('2026-01-01T00:00:00.100Z')), true);
  t.equal(await limits.allow(perSecond, '10.0.0.1', at('2026-01-01T00:00:00.900Z')), false, 'same window');
  t.equal(await limits.allow(perSecond, '10.0.0.1', at('2026-01-01T00:00:00.999Z')), false, 'refused requests count too');
  t.equal(await limits.allow(perSecond, '10.0.0.2', at('2026-01-01T00:00:00.950Z')), true, 'another address counts on its own');
  t.equal(await limits.allow(perSecond, '10.0.0.1', at('2026-01-01T00:00:01.000Z')), true, 'a new window');
  t.equal(await limits.allow(threePerMinute, '10.0.0.1', at('2026-01-01T00:00:01.000Z')), true, 'another scope counts on its own');
});

t.test('given three a minute, then the fourth is refused until the next minute', async (t) => {
  const limits = await createRateLimits(await freshDatabase(t));
  const results = [];
  for (const second of ['05', '20', '40', '59']) results.push(await limits.allow(threePerMinute, 'client', at(`2026-01-01T00:10:${second}.000Z`)));
  t.same(results, [true, true, true, false]);
  t.equal(await limits.allow(threePerMinute, 'client', at('2026-01-01T00:11:00.000Z')), true);
});

t.test('given two nodes on one database, then they share the count', async (t) => {
  const database = await freshDatabase(t);
  const [a, b] = [await createRateLimits(database), await createRateLimits(database)];
  t.equal(await a.allow(perSecond, '192.0.2.7', at('2026-01-01T00:00:00.100Z')), true);
  t.equal(await b.allow(perSecond, '192.0.2.7', at('2026-01-01T00:00:00.200Z')), false, 'the other node sees the first request');
  // A node whose clock lags a little counts into the window the other opened, rather than restarting it.
  t.equal(await a.allow(perSecond, '192.0.2.8', at('2026-01-01T00:00:01.100Z')), true);
  t.equal(await b.allow(perSecond, '192.0.2.8', at('2026-01-01T00:00:00.990Z')), false);
});

t.test('given old windows, then they are cleaned up', async (t) => {
  const database = await freshDatabase(t);
  const limits = await createRateLimits(database);
  for (let i = 0; i < 5; i++) await limits.allow(perSecond, `198.51.100.${i}`, at('2026-01-01T00:00:00.000Z'));
  await limits.allow(perSecond, 'late', at('2026-01-01T00:05:00.000Z'));
  const rows = await database.db.selectFrom('rate_limits').select('subject').where('scope', '=', perSecond.scope).execute();
  t.same(rows.map((r) => r.subject), ['late']);
});

t.test('given many concurrent requests on real PostgreSQL, then exactly the limit passes', { skip: postgresAdminUrl ? false : NO_POSTGRES }, async (t) => {
  const database = (await realPostgres(t))!;
  // Nodes starting together create the table at once.
  const nodes = await Promise.all([1, 2, 3, 4].map(() => createRateLimits(database)));
  const now = at('2026-01-01T00:00:30.000Z');
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => nodes[i % nodes.length]!.allow(threePerMinute, 'crowd', now)));
  t.equal(results.filter(Boolean).length, 3);
});
