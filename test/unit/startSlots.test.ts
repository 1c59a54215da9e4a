// How many containers the runtime creates and starts at once: as many as the engine has CPUs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Docker from 'dockerode';
import { resolveLab } from '../../src/core/labLoader';
import { LabRuntime } from '../../src/docker/labRuntime';

/** Runs four tasks through the runtime's slots and returns the most that ran at once. */
async function mostAtOnce(runtime: LabRuntime): Promise<number> {
  const slot = await runtime.startSlots();
  let running = 0;
  let most = 0;
  const task = () =>
    slot(async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    });
  await Promise.all([task(), task(), task(), task()]);
  return most;
}

describe('container start slots', () => {
  test("the engine's CPUs (NCPU of /info, 2 on the lab host) bound the starts at once; /info is asked once", async () => {
    let asked = 0;
    const docker = { info: () => (asked++, Promise.resolve({ NCPU: 2 })) } as unknown as Docker;
    const runtime = new LabRuntime(docker, resolveLab('dr'));
    assert.equal(await mostAtOnce(runtime), 2);
    assert.equal(await mostAtOnce(runtime), 2);
    assert.equal(asked, 1);
  });

  test('an engine that does not say (or fails to answer) starts every container at once', async () => {
    const failing = { info: () => Promise.reject(new Error('no answer')) } as unknown as Docker;
    assert.equal(await mostAtOnce(new LabRuntime(failing, resolveLab('dr'))), 4);
    const silent = { info: () => Promise.resolve({}) } as unknown as Docker;
    assert.equal(await mostAtOnce(new LabRuntime(silent, resolveLab('dr'))), 4);
  });
});
