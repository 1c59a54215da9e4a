// `npm run bench`: every performance target of the project, each measured next to its
// floor or baseline in the same run (not a timed test): up against bare API calls and a
// docker CLI script, reset against up, the live reader's snapshot gaps idle and under
// load, the extension bundle's size and load time, parsing 100k connection rows, and
// scrolling them in the panel. Needs the docker CLI for the script baseline.
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureImage } from '../../src/docker/image';
import { cli } from '../support/cli';
import { dockerFor, ensureEngine, repoRoot } from '../support/engine';
import { floorRun, median, p95, removeLab, resetRun, scriptRun, upRun, watchGaps } from './labTimings';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SETTLE_MS = 3000;
const rows: string[][] = [];
const row = (what: string, figure: string, target: string, detail = '') => {
  rows.push([what, figure, target, detail]);
  process.stderr.write(`${what}: ${figure} (${target}) ${detail}\n`);
};
const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');

async function lab(host: string) {
  const docker = dockerFor(host);
  const { tag } = await ensureImage(docker, (l) => process.stderr.write(`${l}\n`));
  const v = await docker.version();
  process.stderr.write(`engine ${host}: Docker ${v.Version}, kernel ${v.KernelVersion}\n`);
  const floor: number[] = [];
  const up: number[] = [];
  const balanced: number[] = [];
  const script: number[] = [];
  const ratio: number[] = [];
  // After each removal the engine settles: its clean-up (udev, iptables) goes on ~1 s after the
  // API returns. Floor and up swap order each round, so a drifting host favours neither.
  const clean = async (...labs: string[]) => {
    for (const l of labs) await removeLab(docker, l);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  };
  await clean('dr', 'benchsh', 'benchfloor');
  for (let round = 1; round <= ROUNDS; round++) {
    const runFloor = async () => {
      floor.push(await floorRun(docker, tag));
      await clean('benchfloor');
    };
    const runUp = async () => {
      const u = await upRun();
      up.push(u.up);
      balanced.push(u.balanced);
      await clean('dr');
    };
    for (const run of round % 2 ? [runFloor, runUp] : [runUp, runFloor]) await run();
    ratio.push(up[up.length - 1] / floor[floor.length - 1]);
    script.push(scriptRun(host, tag));
    await clean('benchsh');
  }
  row('floor: network + 4 containers by bare API calls, no steps', `${median(floor).toFixed(1)} s`, 'the floor', list(floor));
  row('lvs-lab up, every step done', `${median(up).toFixed(1)} s`, '', list(up));
  row(
    'up ÷ floor',
    (median(up) / median(floor)).toFixed(2),
    '≤ 1.15',
    `each round: ${ratio.map((x) => x.toFixed(2)).join(', ')}; median ${median(ratio).toFixed(2)}`,
  );
  row('lvs-lab up → first balanced response', `${median(balanced).toFixed(1)} s`, '', list(balanced));
  row('docker CLI script → first balanced response', `${median(script).toFixed(1)} s`, 'baseline', list(script));

  await cli(['up', '--lab', 'dr']);
  const reset: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    reset.push(await resetRun());
    await cli(['up', '--lab', 'dr']);
  }
  row('lvs-lab reset', `${median(reset).toFixed(1)} s`, '', list(reset));
  row('reset ÷ up', (median(reset) / median(up)).toFixed(2), '≤ 0.15');

  const idle = await watchGaps(30, false);
  row('watch at 1 s, gap between snapshots, idle: p95', `${p95(idle).toFixed(2)} s`, '≤ 1.2 s', `median ${median(idle).toFixed(2)} s over ${idle.length}`);
  const busy = await watchGaps(30, true);
  row('… during a 6-concurrent load test: p95', `${p95(busy).toFixed(2)} s`, '≤ 2 s', `median ${median(busy).toFixed(2)} s over ${busy.length}`);
  await removeLab(docker, 'dr');
}

function bundle() {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'ignore' });
  try {
    const size = statSync(join(repoRoot, 'dist', 'extension.js')).size;
    row('dist/extension.js (production)', `${Math.round(size / 1024)} KB`, '≤ 700 KB');
    // Loading the bundle (its module evaluation) is what activation waits for; vscode is a stub here.
    const load = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `require('./test/support/vscodeMock'); const t = process.hrtime.bigint(); require('./dist/extension.js'); console.log(Number(process.hrtime.bigint() - t) / 1e6);`,
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    const ms = load.stdout
      .trim()
      .split('\n')
      .map(Number)
      .filter((x) => x > 0);
    row("extension bundle load (activation's module evaluation)", ms.length ? `${ms[0].toFixed(0)} ms` : `failed: ${load.stderr.slice(0, 200)}`, 'printed');
  } finally {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'ignore' });
  }
}

function script(name: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, `${name}.ts`)], { cwd: repoRoot, encoding: 'utf8' });
  const last = `${r.stdout}${r.stderr}`.trim().split('\n').filter(Boolean).at(-1) ?? '';
  row(`bench:${name}`, r.status === 0 ? 'ran' : `exit ${r.status}`, 'see its line', last);
}

async function main() {
  const only = process.env.BENCH_ONLY?.split(',');
  const wants = (part: string) => !only || only.includes(part);
  if (wants('bundle')) bundle();
  if (wants('parse')) script('parse');
  if (wants('scroll')) script('scroll');
  if (wants('lab')) await lab(await ensureEngine());
  console.log('| measure | figure | target | runs / detail |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
