import t from 'tap';
import { createLoginAttempts } from '../../../adapters/auth/loginAttempts.js';
import { freshDatabase } from '../../helpers/database.js';

const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1) + seconds * 1000);

t.test('login attempt counters', async (t) => {
  const attempts = await createLoginAttempts(await freshDatabase(t));

  t.test('given no failure, then the count is 0', async (t) => {
    t.equal(await attempts.count('user-password', 'nobody', at(0)), 0);
  });

  t.test('given failures within the window, then they add up, each one restarting the 120 s window', async (t) => {
    for (let i = 1; i <= 5; i++) t.equal(await attempts.fail('user-password', 'a', at(i * 100)), i, `failure ${i}`);
    t.equal(await attempts.count('user-password', 'a', at(500)), 5, 'still counted right after the last one');
    t.equal(await attempts.count('user-password', 'a', at(619)), 5, '119 s after the last failure');
    t.equal(await attempts.count('user-password', 'a', at(620)), 0, '120 s after the last failure, the window has passed');
  });

  t.test('given an expired counter, when failing again, then it starts again at 1', async (t) => {
    await attempts.fail('user-password', 'b', at(0));
    await attempts.fail('user-password', 'b', at(10));
    t.equal(await attempts.fail('user-password', 'b', at(200)), 1);
  });

  t.test('given a success, when cleared, then the count is 0', async (t) => {
    await attempts.fail('user-password', 'c', at(0));
    await attempts.clear('user-password', 'c');
    t.equal(await attempts.count('user-password', 'c', at(1)), 0);
  });

  t.test('given the 2FA counter, then it is separate and lives 900 s', async (t) => {
    await attempts.fail('user-2fa', 'd', at(0));
    t.equal(await attempts.count('user-password', 'd', at(1)), 0, 'password failures are not 2FA failures');
    t.equal(await attempts.count('user-2fa', 'd', at(899)), 1);
    t.equal(await attempts.count('user-2fa', 'd', at(900)), 0);
  });

  t.test('given concurrent failures, then each one counts', async (t) => {
    const results = await Promise.all(Array.from({ length: 8 }, () => attempts.fail('user-password', 'e', at(0))));
    t.same([...results].sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

t.test('given a shorter window (as configured), then counters follow it', async (t) => {
  const attempts = await createLoginAttempts(await freshDatabase(t), { 'user-password': 2, 'user-2fa': 3 });
  await attempts.fail('user-password', 'x', at(0));
  t.equal(await attempts.count('user-password', 'x', at(1)), 1);
  t.equal(await attempts.count('user-password', 'x', at(2)), 0);
});
