// `lvs-lab drill …`: failure drills on a real server, each undone by one command, with what the handbook says
// to look at (the load test's failures and timeouts, the director's entries per state, the diagnosis).
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import type { DrillObservation } from '../../core/drillDiagnosis';
import { describeDrill, DRILL_INFO, NETEM_DEFAULTS, NETEM_LIMITS, type DrillKind } from '../../core/drills';
import { DRILL_LOOK } from '../../service/drills';
import { intArg, numberArg } from '../args';
import { setup } from '../context';
import type { Output } from '../output';

interface LookFlags {
  requests: number;
  timeout: number;
}

function withLook(c: Command): Command {
  return c
    .option('-n, --requests <n>', l10n.t('requests of the load test that follows (0: none)'), intArg(0, 1000), DRILL_LOOK.requests)
    .option('--timeout <s>', l10n.t('per-request timeout of that load test, in seconds'), intArg(1, 60), DRILL_LOOK.timeoutSeconds);
}

export function registerDrill(program: Command): void {
  const drill = program.command('drill').description(l10n.t('failure drills on a real server (each undone by `drill undo`), and what to look for'));

  const apply = async (kind: DrillKind, node: string, o: LookFlags & { delay?: number; loss?: number }, cmd: Command) => {
    const { out, service } = setup(cmd);
    const netem = kind === 'netem' ? { delayMs: o.delay ?? (o.loss ? 0 : NETEM_DEFAULTS.delayMs), lossPercent: o.loss ?? 0 } : undefined;
    out.progress(l10n.t('drill: {0} on {1}{2}…', kind, node, o.requests ? l10n.t(', then {0} requests', o.requests) : ''));
    const r = await service.drill(kind, node, netem, { requests: o.requests, timeoutSeconds: o.timeout });
    if (out.json) return out.data(r);
    out.line(l10n.t('Active on {0}: {1}. Undo: lvs-lab drill undo {0}', node, r.active.map(describeDrill).join('; ')));
    if (r.observation) printObservation(out, r.observation);
  };

  for (const kind of ['stop-httpd', 'cut-off'] as const) {
    withLook(drill.command(`${kind} <node>`).description(DRILL_INFO[kind])).action((node: string, o: LookFlags, cmd: Command) => apply(kind, node, o, cmd));
  }
  withLook(
    drill
      .command('netem <node>')
      .description(l10n.t('{0}; without --delay or --loss, {1} ms delay', DRILL_INFO.netem, NETEM_DEFAULTS.delayMs))
      .option('--delay <ms>', l10n.t('delay per packet (0 to {0} ms)', NETEM_LIMITS.maxDelayMs), intArg(0, NETEM_LIMITS.maxDelayMs))
      .option('--loss <percent>', l10n.t('packets lost (0 to {0} %)', NETEM_LIMITS.maxLossPercent), numberArg(0, NETEM_LIMITS.maxLossPercent)),
  ).action((node: string, o: LookFlags & { delay?: number; loss?: number }, cmd: Command) => apply('netem', node, o, cmd));

  drill
    .command('undo [node]')
    .description(l10n.t('undo the drills on a real server (--all: on every one); httpd comes back by running its step'))
    .option('--all', l10n.t('every real server'), false)
    .action(async (node: string | undefined, o: { all: boolean }, cmd: Command) => {
      if (!node === !o.all) throw new Error(l10n.t('name one real server, or --all'));
      const { out, service } = setup(cmd);
      const r = await service.undoDrills(node);
      if (out.json) return out.data(r);
      if (r.undone.length === 0) out.line(node ? l10n.t('No drill was active on {0}.', node) : l10n.t('No drill was active.'));
      for (const d of r.undone) out.line(l10n.t('Undone: {0}', describeDrill(d)));
      for (const s of r.steps) out.line(`${s.id}: ${s.status} (${s.detail})`);
      if (r.left.length > 0) throw new Error(l10n.t('still active: {0}; see the log (-v)', r.left.map(describeDrill).join('; ')));
    });

  drill
    .command('list')
    .description(l10n.t('the drills active now, read from the real servers (their tc qdiscs and filters, httpd)'))
    .action(async (_o: unknown, cmd: Command) => {
      const { out, service } = setup(cmd);
      const active = await service.drills();
      if (out.json) return out.data(active);
      if (active.length === 0) out.line(l10n.t('No drill is active.'));
      for (const d of active) out.line(describeDrill(d));
    });

  withLook(
    drill.command('look').description(l10n.t("what the handbook says to look at, now: a short load test and the director's entries per real server and state")),
  ).action(async (o: LookFlags, cmd: Command) => {
    const { out, service } = setup(cmd);
    const r = await service.lookAtDrills({ requests: Math.max(1, o.requests), timeoutSeconds: o.timeout });
    if (out.json) return out.data(r);
    printObservation(out, r);
  });
}

export function printObservation(out: Output, o: DrillObservation): void {
  const states = [...new Set(o.table.flatMap((d) => Object.keys(d.states)))].sort();
  out.line(l10n.t("The director's connection table (ipvsadm -Lnc), entries per real server and state:"));
  out.table(
    [l10n.t('real server'), ...states],
    o.table.map((d) => [d.node ?? d.address, ...states.map((s) => d.states[s] ?? 0)]),
  );
  for (const f of o.findings) out.line(`${f.tone === 'ok' ? '✓' : '✗'} ${f.text}`);
}
