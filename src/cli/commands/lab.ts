// The lab's life: doctor, up, steps, one step, status, reset, down.
import type { Command } from 'commander';
import { describeSettings, serviceSettings } from '../../core/labChanges';
import { clockTime } from '../../core/time';
import { setup } from '../context';

export function registerLab(program: Command): void {
  program
    .command('doctor')
    .description('check Docker, IPVS, the node image and the lab subnet')
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const report = await service.doctor();
      if (out.json) out.data(report);
      else
        out.table(
          ['check', 'status', 'finding'],
          report.findings.map((f) => [f.check, f.status, f.message]),
        );
      if (!report.ok) process.exitCode = 1;
    });

  program
    .command('up')
    .description('build the image if needed, create the lab and run every step (idempotent)')
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const started = Date.now();
      const states = await service.up((m) => out.progress(m));
      out.done();
      if (out.json) out.data({ lab: service.lab.name, seconds: (Date.now() - started) / 1000, steps: states });
      else {
        out.table(
          ['step', 'node', 'status', 'detail'],
          states.map((s) => [s.id, s.node, STATUS_MARK[s.status] + (s.skipped ? ' (already)' : s.notRun ? ' (not run)' : ''), s.detail]),
        );
        out.line(`${service.lab.title}: up in ${((Date.now() - started) / 1000).toFixed(1)} s. Try \`lvs-lab load\`.`);
      }
      if (states.some((s) => s.status === 'failed')) process.exitCode = 1;
    });

  program
    .command('steps')
    .description("list the handbook's steps with their status, read from the nodes")
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const { steps } = await service.status();
      const infos = service.steps();
      if (out.json) out.data(infos.map((info, i) => ({ ...info, status: steps[i].status, detail: steps[i].detail })));
      else
        out.table(
          ['step', 'node', 'status', 'title', 'commands'],
          infos.map((info, i) => [info.id, info.node, STATUS_MARK[steps[i].status], info.title, info.commands.map(shortCommand).join('\n')]),
        );
    });

  program
    .command('step <id>')
    .description('run one step (nothing happens when its check says it is done)')
    .action(async (id: string, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const state = await service.runStep(id);
      if (out.json) out.data(state);
      else out.line(`${state.id}: ${STATUS_MARK[state.status]}${state.skipped ? ' (already done, nothing run)' : ''} — ${state.detail}`);
      if (state.status === 'failed') process.exitCode = 1;
    });

  program
    .command('status')
    .description("the lab's nodes and step statuses")
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const [status, busy] = await Promise.all([service.status(), service.busy()]);
      const lab = service.current;
      const vip = `${lab.service.vip}:${lab.service.port}`;
      if (out.json) {
        return out.data({ lab: lab.name, mode: lab.mode, ...serviceSettings(lab), vip, busy, ...status });
      }
      out.line(`${lab.title} — ${lab.mode.toUpperCase()}, VIP ${vip}, ${describeSettings(lab)}`);
      if (busy) out.line(`Busy: ${busy.operation} since ${clockTime(busy.since)} (process ${busy.pid})`);
      out.table(
        ['node', 'role', 'address', 'container', 'steps'],
        status.nodes.map((n) => {
          const mine = status.steps.filter((s) => s.node === n.name);
          const doneCount = mine.filter((s) => s.status === 'done').length;
          return [n.name, n.role, Object.values(n.addresses).join(', '), n.state, mine.length ? `${doneCount}/${mine.length} done` : '-'];
        }),
      );
    });

  program
    .command('reset')
    .description('bring every node back to its state right after creation (undone in place, or recreated where that cannot be proved); steps as on a fresh lab')
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const r = await service.reset((m) => out.progress(m));
      if (out.json) return out.data({ lab: service.lab.name, reset: true, ...r });
      out.line(
        `${service.lab.name}: reset (${r.inPlace} nodes undone in place, ${r.recreated} recreated); steps as on a fresh lab. Run \`lvs-lab up\` or \`lvs-lab step <id>\`.`,
      );
    });

  program
    .command('down')
    .description("remove the lab's containers and networks (only those carrying its labels)")
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      await service.down((m) => out.progress(m));
      if (out.json) return out.data({ lab: service.lab.name, down: true });
      out.line(`${service.lab.name}: removed.`);
    });
}

const STATUS_MARK: Record<string, string> = { done: '✔ done', pending: '· pending', failed: '✘ failed', drifted: '≠ drifted' };

/** A command as a table cell: a long script (keepalived's configuration) cut to its first lines. */
function shortCommand(command: string): string {
  const lines = command.split('\n');
  return lines.length <= 3 ? command : `${lines.slice(0, 2).join('\n')}\n… ${lines.length - 2} more lines (--json shows all)`;
}
