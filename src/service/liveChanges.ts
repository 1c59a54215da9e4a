// Live changes on a running lab: the director's recorded changes read and written, the
// ipvsadm edits applied in one exec, and the schedulers the running kernel has.
import * as l10n from '@vscode/l10n';
import { execBatch, type NodeExecutor } from '../core/exec';
import { director, SCHEDULERS, type Lab, type Scheduler } from '../core/lab';
import { applyChanges, changeCommands, parseChanges, readChangesArgv, withChange, writeChangesArgv, type LabChange, type LabChanges } from '../core/labChanges';

/** The lab as the user wants it now: the file with the changes recorded on the director. */
export async function readDesired(nodes: NodeExecutor, lab: Lab, timeoutMs: number): Promise<{ changes: LabChanges; desired: Lab }> {
  const r = await nodes.exec(director(lab).name, readChangesArgv(), { timeoutMs });
  const changes = parseChanges(lab, r);
  return { changes, desired: applyChanges(lab, changes) };
}

export interface ChangeResult {
  desired: Lab;
  /** The ipvsadm commands run (none when the lab already was so). */
  commands: string[][];
}

/**
 * Applies one change to the running virtual service and records it, in one exec on the
 * director; the record is written only when every ipvsadm edit succeeded.
 */
export async function applyChange(nodes: NodeExecutor, lab: Lab, change: LabChange, timeoutMs: number): Promise<ChangeResult> {
  const { changes, desired: before } = await readDesired(nodes, lab, timeoutMs);
  const next = withChange(lab, changes, change);
  const desired = applyChanges(lab, next);
  const commands = changeCommands(before, desired);
  const node = director(lab).name;
  const items = [...commands, writeChangesArgv(next)].map((argv) => ({ argv, timeoutMs, stopOnFailure: true }));
  const results = await execBatch(nodes, node, items);
  const bad = results.findIndex((r) => r?.exitCode !== 0);
  if (bad >= 0) {
    const r = results[bad];
    const why = r ? (r.stderr || r.stdout).trim() : 'not run';
    throw new Error(await explainFailure(nodes, lab, change, why, timeoutMs));
  }
  return { desired, commands };
}

/** One sentence for a failed edit; ipvsadm's own words stay in the log. */
async function explainFailure(nodes: NodeExecutor, lab: Lab, change: LabChange, why: string, timeoutMs: number): Promise<string> {
  const service = `${lab.service.vip}:${lab.service.port}`;
  if (/service not defined|no such service/i.test(why))
    return l10n.t('{0} has no virtual service {1} yet: start the lab (or run its service step) first', lab.name, service);
  if (/no such destination/i.test(why)) return l10n.t("a real server is not behind {0} yet: run the lab's steps first", service);
  if (change.kind === 'scheduler' && /scheduler not found|no such file/i.test(why)) {
    const have = await availableSchedulers(nodes, lab, timeoutMs).catch(() => undefined);
    const list = have ? l10n.t('; it has {0}', SCHEDULERS.filter((s) => have[s]).join(', ')) : '';
    return l10n.t('the running kernel has no {0} scheduler (module ip_vs_{0}){1}', change.scheduler, list);
  }
  return l10n.t('the director refused the change: {0}', why.split('\n')[0] || l10n.t('no reason given'));
}

/** A firewall mark no lab uses: a throwaway service to try each scheduler on. */
const PROBE_MARK = '65123';

/**
 * Which schedulers the running kernel has, tried on a throwaway fwmark service in the
 * director (the kernel loads a scheduler's module when a service first asks for it).
 */
export async function availableSchedulers(nodes: NodeExecutor, lab: Lab, timeoutMs: number): Promise<Record<Scheduler, boolean>> {
  const script = 'for s in "$@"; do if ipvsadm -A -f "$M" -s "$s" 2>/dev/null; then ipvsadm -D -f "$M"; echo "$s yes"; else echo "$s no"; fi; done';
  const r = await nodes.exec(director(lab).name, ['env', `M=${PROBE_MARK}`, 'sh', '-c', script, 'sh', ...SCHEDULERS], { timeoutMs });
  if (r.exitCode !== 0) throw new Error(l10n.t('could not try the schedulers on {0}: {1}', director(lab).name, (r.stderr || r.stdout).trim()));
  const yes = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith(' yes'))
      .map((l) => l.slice(0, -4)),
  );
  return Object.fromEntries(SCHEDULERS.map((s) => [s, yes.has(s)])) as Record<Scheduler, boolean>;
}
