// "The director only forwards" on a running lab: a file of the asked size on every real server, the
// director's counters read, a few rate-limited downloads from the client with every node's sockets read
// while they run, the counters read again; the file is removed whatever happens.
import * as l10n from '@vscode/l10n';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecResult, NodeExecutor } from '../core/exec';
import { client, director, realServers, type Lab } from '../core/lab';
import {
  buildL4,
  checkDownloads,
  createFileArgv,
  downloadArgv,
  L4_DEFAULTS,
  openConnections,
  parseDownloads,
  removeFileArgv,
  serviceKey,
  type L4Lesson,
} from '../core/l4';
import { parseSnapshot, snapshotArgv } from '../core/snapshot';
import type { ServiceView } from '../core/serviceView';

export interface L4Options {
  sizeBytes?: number;
  downloads?: number;
}

export interface L4Result {
  lesson: L4Lesson;
  /** Each exec's output, unchanged: the parser's input (test/fixtures/l4-* are these). */
  raw: { before: string; during: Record<string, string>; after: string; downloads: string };
}

/** When to read the sockets after the downloads start, and again while none shows up yet. */
const FIRST_READ_MS = 2_000;
const READ_AGAIN_MS = 1_000;
const READS = 4;
/** Reads of the counters after the downloads, a second apart, until they count every one. */
const AFTER_READS = 4;

const firstLine = (r: ExecResult) => (r.stderr || r.stdout).trim().split('\n')[0] || `exit code ${r.exitCode}`;

export async function runL4(nodes: NodeExecutor, lab: Lab, options: L4Options, timeoutMs: number): Promise<L4Result> {
  const sizeBytes = options.sizeBytes ?? L4_DEFAULTS.sizeBytes;
  const downloads = checkDownloads(options.downloads ?? L4_DEFAULTS.downloads);
  const reals = realServers(lab).map((n) => n.name);
  const dir = director(lab);
  const readDirector = async () => {
    const r = await nodes.exec(dir.name, snapshotArgv('director'), { timeoutMs });
    const service = parseSnapshot(r.stdout).services?.find((s) => s.key === serviceKey(lab));
    if (!service) throw new Error(l10n.t('{0} has no service {1}: is the lab up and every step done?', dir.name, serviceKey(lab)));
    return { stdout: r.stdout, service };
  };
  try {
    await Promise.all(
      reals.map(async (n) => {
        const r = await nodes.exec(n, createFileArgv(sizeBytes), { timeoutMs });
        if (r.exitCode !== 0) throw new Error(l10n.t('could not write the {0}-byte file on {1}: {2}', sizeBytes, n, firstLine(r)));
      }),
    );
    const before = await readDirector();
    const seconds = L4_DEFAULTS.seconds;
    let finished = false;
    const download = nodes
      .exec(client(lab).name, downloadArgv(lab.service.vip, lab.service.port, downloads, sizeBytes, seconds), { timeoutMs: (seconds * 4 + 60) * 1000 })
      .finally(() => (finished = true));
    download.catch(() => undefined);
    let during: Record<string, string> = {};
    await sleep(FIRST_READ_MS);
    for (let i = 0; i < READS && !finished; i++) {
      const outs = await Promise.all([dir.name, ...reals].map((n) => nodes.exec(n, snapshotArgv(n === dir.name ? 'director' : 'real'), { timeoutMs })));
      during = Object.fromEntries([dir.name, ...reals].map((n, j) => [n, outs[j].stdout]));
      const held = reals.some((n) => openConnections(parseSnapshot(during[n]).sockets ?? [], lab.service.port).length > 0);
      if (held) break;
      await sleep(READ_AGAIN_MS);
    }
    const d = await download;
    // IPVS folds its per-CPU counters into what ipvsadm shows every 2 s: read until every download is counted.
    let after = await readDirector();
    for (let i = 0; i < AFTER_READS && (after.service.stats?.conns ?? 0) - (before.service.stats?.conns ?? 0) < downloads; i++) {
      await sleep(READ_AGAIN_MS);
      after = await readDirector();
    }
    const parsed = Object.fromEntries(Object.entries(during).map(([n, text]) => [n, parseSnapshot(text)]));
    const lesson = buildL4({
      lab,
      sizeBytes,
      downloads: parseDownloads(d.stdout),
      before: before.service satisfies ServiceView,
      after: after.service,
      directorSockets: parsed[dir.name]?.sockets ?? [],
      directorEntries: parsed[dir.name]?.conns ?? [],
      realSockets: Object.fromEntries(reals.map((n) => [n, parsed[n]?.sockets ?? []])),
    });
    return { lesson, raw: { before: before.stdout, during, after: after.stdout, downloads: d.stdout } };
  } finally {
    await Promise.all(reals.map((n) => nodes.exec(n, removeFileArgv(), { timeoutMs }).catch(() => undefined)));
  }
}
