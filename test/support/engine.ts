// The Docker engine the integration and end-to-end tests use: DOCKER_HOST when it
// can do IPVS, else the lab host VM (test/labhost), booted on demand.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Docker from 'dockerode';
import { resolveEndpoint } from '../../src/docker/connection';
import { probeIpvs } from '../../src/docker/ipvsProbe';

export const repoRoot = join(__dirname, '..', '..');
const labhost = join(repoRoot, 'test', 'labhost', 'labhost.sh');

/** Why DOCKER_HOST cannot serve the labs, or undefined when it can. */
async function whyNotIpvs(docker: Docker): Promise<string | undefined> {
  try {
    await docker.ping();
  } catch (e) {
    return `it does not answer (${e instanceof Error ? e.message : String(e)})`;
  }
  try {
    const images = await docker.listImages();
    const image = images.flatMap((i) => i.RepoTags ?? []).find((t) => t.startsWith('lvslab/node:') || t === 'debian:bookworm-slim');
    if (!image) return 'it has neither an lvslab/node image nor debian:bookworm-slim to probe IPVS with';
    const probe = await probeIpvs(docker, image);
    return probe.ok ? undefined : `its kernel has no IPVS (${probe.detail})`;
  } catch (e) {
    return `the IPVS probe failed (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Runs `labhost.sh start`, its progress shown live; on failure the error names its last lines. */
function startLabhost(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [labhost, 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const tail: string[] = [];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      process.stderr.write(d);
      tail.push(...d.toString().split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 40));
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 40 * 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const host = /DOCKER_HOST=(\S+)/.exec(stdout)?.[1];
      if (code === 0 && host) return resolve(host);
      const errors = tail.filter((l) => /ERROR|WARNING|failed|not found/i.test(l));
      reject(
        new Error(
          `the lab host did not start (labhost.sh start ${signal ? `killed by ${signal}` : `exited ${code}`}). Its last error lines:\n  ${(errors.length ? errors : tail.slice(-10)).slice(-10).join('\n  ')}\nBuild logs of a failed build are kept in ~/.cache/lvslab/labhost/last-failed-build; the VM's console in /tmp/lvslab-labhost/serial.log.`,
        ),
      );
    });
  });
}

let cached: string | undefined;

/** Returns a DOCKER_HOST with real IPVS, starting the lab host if needed. */
export async function ensureEngine(): Promise<string> {
  if (cached) return cached;
  if (process.env.DOCKER_HOST) {
    const why = await whyNotIpvs(new Docker(resolveEndpoint().options));
    if (!why) return (cached = process.env.DOCKER_HOST);
    console.error(`DOCKER_HOST=${process.env.DOCKER_HOST} is not used for the labs: ${why}. Using the lab host VM instead.`);
  }
  const host = await startLabhost();
  process.env.DOCKER_HOST = host;
  return (cached = host);
}

export function dockerFor(host: string): Docker {
  return new Docker(resolveEndpoint({ env: { ...process.env, DOCKER_HOST: host } }).options);
}
