// Failure drills on a running lab: apply one on a real server, read which are active from the nodes
// themselves, look at what the handbook says to look at (a short load test, the director's table), and
// undo them (tc cleared, httpd brought back by running its step).
import * as l10n from '@vscode/l10n';
import { observeDrill, type DrillObservation } from '../core/drillDiagnosis';
import {
  activeDrills,
  applyDrillArgv,
  drillDevices,
  drillProbeArgv,
  drillTarget,
  parseDrillProbe,
  undoLinksArgv,
  type ActiveDrill,
  type DrillKind,
  type NetemParams,
  type NodeDrillState,
} from '../core/drills';
import type { StepState } from '../core/engine';
import type { ExecResult, NodeExecutor } from '../core/exec';
import { director, realServers, type Lab } from '../core/lab';
import { parseIpvsadmConns } from '../core/parsers';
import { runLoadTest } from './loadRun';

export interface DrillDeps {
  lab: Lab;
  nodes: NodeExecutor;
  runStep(id: string): Promise<StepState>;
  timeoutMs: number;
}

/** The short load test a drill is observed with, unless told otherwise: a few requests per real server, failures bounded. */
export const DRILL_LOOK = { requests: 20, concurrency: 4, timeoutSeconds: 3 } as const;

export interface LookOptions {
  requests: number;
  timeoutSeconds?: number;
}

export interface DrillResult {
  node: string;
  kind: DrillKind;
  /** The node's drills as read back after applying. */
  active: ActiveDrill[];
  observation: DrillObservation | null;
}

export interface UndoResult {
  /** What was active before, now undone. */
  undone: ActiveDrill[];
  /** The httpd steps run again. */
  steps: StepState[];
  /** Still active after the undo (nothing when it worked). */
  left: ActiveDrill[];
}

const firstLine = (r: ExecResult) => (r.stderr || r.stdout).trim().split('\n')[0] || `exit code ${r.exitCode}`;

async function readNode(d: DrillDeps, node: string): Promise<NodeDrillState> {
  const rs = drillTarget(d.lab, node);
  const r = await d.nodes.exec(node, drillProbeArgv(drillDevices(rs)), { timeoutMs: d.timeoutMs });
  return parseDrillProbe(node, r.stdout);
}

/** The active drills of the named real servers (all by default), read from each node now. */
export async function readDrills(d: DrillDeps, nodes = realServers(d.lab).map((n) => n.name)): Promise<ActiveDrill[]> {
  return (await Promise.all(nodes.map((n) => readNode(d, n)))).flatMap(activeDrills);
}

export async function applyDrill(d: DrillDeps, kind: DrillKind, node: string, netem?: NetemParams, look?: LookOptions): Promise<DrillResult> {
  const rs = drillTarget(d.lab, node);
  const r = await d.nodes.exec(node, applyDrillArgv(kind, drillDevices(rs), netem), { timeoutMs: d.timeoutMs });
  if (r.exitCode !== 0) throw new Error(l10n.t('the {0} drill could not be applied on {1}: {2}', kind, node, firstLine(r)));
  const active = await readDrills(d, [node]);
  if (!active.some((a) => a.kind === kind)) throw new Error(l10n.t('the {0} drill ran on {1} but its state does not show it: see the log', kind, node));
  return { node, kind, active, observation: look && look.requests > 0 ? await lookAt(d, look) : null };
}

/** What the handbook says to look at: a short load test, then the director's connection table. */
export async function lookAt(d: DrillDeps, look: LookOptions): Promise<DrillObservation> {
  const drills = await readDrills(d);
  const load = await runLoadTest(
    d.nodes,
    d.lab,
    { requests: look.requests, concurrency: DRILL_LOOK.concurrency, timeoutSeconds: look.timeoutSeconds ?? DRILL_LOOK.timeoutSeconds },
    { execTimeoutMs: d.timeoutMs },
  );
  const dir = director(d.lab).name;
  const t = await d.nodes.exec(dir, ['ipvsadm', '-Lnc'], { timeoutMs: d.timeoutMs });
  if (t.exitCode !== 0) throw new Error(l10n.t("could not read {0}'s connection table: {1}", dir, firstLine(t)));
  return observeDrill(d.lab, drills, load.summary, load.results, parseIpvsadmConns(t.stdout));
}

/** Undoes every drill on the named real server, or on all of them. */
export async function undoDrills(d: DrillDeps, node?: string): Promise<UndoResult> {
  const names = node ? [drillTarget(d.lab, node).name] : realServers(d.lab).map((n) => n.name);
  const before = await readDrills(d, names);
  const links = [...new Set(before.filter((a) => a.kind !== 'stop-httpd').map((a) => a.node))];
  await Promise.all(
    links.map(async (n) => {
      const r = await d.nodes.exec(n, undoLinksArgv(drillDevices(drillTarget(d.lab, n))), { timeoutMs: d.timeoutMs });
      if (r.exitCode !== 0) throw new Error(l10n.t("could not clear the drill on {0}'s links: {1}", n, firstLine(r)));
    }),
  );
  const steps: StepState[] = [];
  for (const a of before.filter((b) => b.kind === 'stop-httpd')) steps.push(await d.runStep(`${a.node}.httpd`));
  const left = await readDrills(d, names);
  return { undone: before, steps, left };
}
