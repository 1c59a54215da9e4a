// One lifecycle operation at a time per lab: the second is told what holds the lab
// since when, or waits for it when asked to.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BusyError, LabLock } from '../../src/service/labLock';

const dir = mkdtempSync(join(tmpdir(), 'lvslab-lock-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const lockFor = (identity: string) => new LabLock('dr', 'tcp://127.0.0.1:2375', identity, dir);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lab lock', () => {
  test('a second operation on the same lab and engine is refused with what holds it and since when', async () => {
    let release!: () => void;
    const first = lockFor('shipped-dr').run('start', () => new Promise<void>((r) => (release = r)));
    await sleep(100);
    const err = await lockFor('shipped-dr')
      .run('reset', () => Promise.resolve())
      .then(
        () => assert.fail('ran while busy'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof BusyError);
    assert.match(err.message, /^dr is busy: start since \d\d:\d\d:\d\d; wait for it to finish, or run again with --wait$/);
    release();
    await first;
  });

  test('with wait, the second operation runs once the first has finished', async () => {
    const order: string[] = [];
    const first = lockFor('shipped-dr').run('load test', async () => {
      await sleep(300);
      order.push('load test');
    });
    await sleep(50);
    await lockFor('shipped-dr').run(
      'reset',
      () => {
        order.push('reset');
        return Promise.resolve();
      },
      true,
    );
    await first;
    assert.deepEqual(order, ['load test', 'reset']);
  });

  test('another lab (another identity) is not held up', async () => {
    let release!: () => void;
    const first = lockFor('shipped-dr').run('start', () => new Promise<void>((r) => (release = r)));
    await sleep(50);
    assert.equal(await lockFor('shipped-nat').run('start', () => Promise.resolve('ran')), 'ran');
    release();
    await first;
  });

  test('the lock is free again after an operation that failed', async () => {
    await assert.rejects(
      lockFor('shipped-dr').run('step', () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await lockFor('shipped-dr').holder(), undefined);
    assert.equal(await lockFor('shipped-dr').run('step', () => Promise.resolve('ran')), 'ran');
  });
});
