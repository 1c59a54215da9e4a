// Benchmark: time from `up` to the first balanced response (the VIP has answered
// from both real servers), for the project's CLI and for a plain sequential docker
// CLI script (handbook-dr.sh), on the same engine in the same run, image already
// built. Prints a table and JSON; run with `npm run bench` (needs the docker CLI).
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureImage } from '../../src/docker/image';
import { LABEL_LAB } from '../../src/docker/labels';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function removeLab(docker: ReturnType<typeof dockerFor>, lab: string) {
  const filters = { label: [`${LABEL_LAB}=${lab}`] };
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
}

async function projectRun(): Promise<number> {
  const started = process.hrtime.bigint();
  const up = await cli(['up', '--lab', 'dr']);
  if (up.code !== 0) throw new Error(`up failed: ${up.stderr}`);
  // Same criterion as the script: ask the VIP until both real servers have answered.
  const seen = new Set<string>();
  for (let i = 0; i < 100 && seen.size < 2; i++) {
    const r = await cliJson<{ summary: { backends: Array<{ backend: string }> } }>(['load', '--lab', 'dr', '-n', '2', '-c', '1', '--timeout', '2']);
    for (const b of r.summary.backends) seen.add(b.backend);
  }
  if (seen.size < 2) throw new Error('the VIP never answered from both real servers');
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function scriptRun(host: string, image: string): number {
  const started = process.hrtime.bigint();
  const r = spawnSync('bash', [join(__dirname, 'handbook-dr.sh'), image], { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`handbook-dr.sh failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  execFileSync('docker', ['--version']);
  const host = await ensureEngine();
  const docker = dockerFor(host);
  const { tag } = await ensureImage(docker, (l) => process.stderr.write(`${l}\n`));
  const version = await docker.version();
  const project: number[] = [];
  const script: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const lab of ['dr', 'benchsh']) await removeLab(docker, lab);
    project.push(await projectRun());
    await removeLab(docker, 'dr');
    script.push(scriptRun(host, tag));
    await removeLab(docker, 'benchsh');
    process.stderr.write(`round ${round}: project ${project.at(-1)!.toFixed(1)} s, script ${script.at(-1)!.toFixed(1)} s\n`);
  }
  const result = {
    engine: `${host} (Docker ${version.Version}, kernel ${version.KernelVersion})`,
    image: tag,
    rounds: ROUNDS,
    projectSeconds: project,
    scriptSeconds: script,
    projectMedian: median(project),
    scriptMedian: median(script),
    ratio: median(project) / median(script),
  };
  console.log(`| | median of ${ROUNDS} | runs (s) |\n|---|---|---|`);
  console.log(`| lvs-lab up → first balanced response | ${result.projectMedian.toFixed(1)} s | ${project.map((x) => x.toFixed(1)).join(', ')} |`);
  console.log(`| sequential docker CLI script | ${result.scriptMedian.toFixed(1)} s | ${script.map((x) => x.toFixed(1)).join(', ')} |`);
  console.log(`| ratio (target ≤ 0.5) | ${result.ratio.toFixed(2)} | |`);
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
