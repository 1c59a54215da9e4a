#!/usr/bin/env node
// lvs-lab: the handbook's LVS lab from a terminal, on the same core as the extension.
import { Command, Option } from 'commander';
import { display } from '../core/step';
import { messageOf } from '../core/engine';
import { clockTime } from '../core/time';
import { director } from '../core/lab';
import { resolveLab } from '../core/labLoader';
import { LOAD_DEFAULTS, LOAD_LIMITS } from '../core/loadTest';
import { endpointText } from '../core/parsers/endpoint';
import { isUnreachable, LabService, type Endpoint } from '../service/labService';
import { createOutput } from './output';

interface GlobalOptions {
  lab: string;
  json: boolean;
  dockerHost?: string;
  verbose: boolean;
  wait: boolean;
  engineTimeout?: number;
}

const program = new Command('lvs-lab')
  .description('The LVS (IPVS) handbook lab in Docker: director node01, real servers node02 and node03, and a client.')
  .option('--lab <name|path>', 'lab name in labs/ (dr, nat, tun) or a path to a lab .yaml', 'dr')
  .option('--json', 'machine-readable output', false)
  .option('--docker-host <url>', 'Docker endpoint (default: DOCKER_HOST, the current context, or the local socket)')
  .option('-v, --verbose', 'print every command run in a container', false)
  .option('--wait', 'when another operation (start, reset, load test…) holds the lab, wait for it instead of failing', false)
  .addOption(
    new Option('--engine-timeout <s>', 'longest wait for the Docker engine to answer one call (default: 15 s for reads, 120 s for changes)').argParser(
      intArg(1, 3600),
    ),
  )
  .showHelpAfterError();

let lastEndpoint: Endpoint | undefined;

function setup(cmd: Command) {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  const out = createOutput(opts.json);
  const lab = resolveLab(opts.lab);
  const apiMs = opts.engineTimeout && opts.engineTimeout * 1000;
  const service = new LabService(lab, {
    dockerHost: opts.dockerHost,
    waitWhenBusy: opts.wait,
    apiTimeouts: apiMs ? { readMs: apiMs, writeMs: apiMs } : undefined,
    log: opts.verbose ? (node, argv, r) => out.note(`[${node}] ${display(argv)} → ${r instanceof Error ? r.message : `exit ${r.exitCode}`}`) : undefined,
  });
  lastEndpoint = service.endpoint;
  return { opts, out, lab, service };
}

const STATUS_MARK: Record<string, string> = { done: '✔ done', pending: '· pending', failed: '✘ failed', drifted: '≠ drifted' };

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
        infos.map((info, i) => [info.id, info.node, STATUS_MARK[steps[i].status], info.title, info.commands.join('\n')]),
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
    const { out, service, lab } = setup(cmd);
    const [status, busy] = await Promise.all([service.status(), service.busy()]);
    if (out.json) return out.data({ lab: lab.name, mode: lab.mode, scheduler: lab.scheduler, vip: `${lab.service.vip}:${lab.service.port}`, busy, ...status });
    out.line(`${lab.title} — ${lab.mode.toUpperCase()} ${lab.scheduler}, VIP ${lab.service.vip}:${lab.service.port}`);
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
  .command('conns')
  .description("connection entries: the director's IPVS table (ipvsadm -Lnc), or netstat -natp on another node")
  .option('--node <name>', 'node to read', '')
  .action(async (o: { node: string }, cmd: Command) => {
    const { out, service, lab } = setup(cmd);
    const dir = director(lab).name;
    const node = o.node || dir;
    if (!lab.nodes.some((n) => n.name === node)) throw new Error(`No node "${node}"; the nodes are ${lab.nodes.map((n) => n.name).join(', ')}`);
    if (node === dir) {
      const conns = await service.connections();
      if (out.json) return out.data(conns);
      out.table(
        ['pro', 'expire', 'state', 'source', 'virtual', 'destination'],
        conns.map((c) => [c.protocol, `${c.expireSeconds}s`, c.state, ep(c.source), ep(c.virtual), ep(c.destination)]),
      );
      out.line(`${conns.length} entries on ${node}`);
    } else {
      const sockets = await service.sockets(node);
      if (out.json) return out.data(sockets);
      out.table(
        ['proto', 'local', 'foreign', 'state', 'program'],
        sockets.map((s) => [s.proto, ep(s.local), ep(s.foreign), s.state ?? '', s.program ? `${s.pid}/${s.program}` : '-']),
      );
    }
  });

program
  .command('services')
  .description("the director's virtual services: ipvsadm -Ln joined with --stats and --rate")
  .action(async (_o, cmd: Command) => {
    const { out, service } = setup(cmd);
    const services = await service.services();
    if (out.json) return out.data(services);
    for (const svc of services) {
      out.line(`${svc.key} ${svc.scheduler} ${svc.flags.join(' ')}`.trim());
      const rows = [
        ['(service)', '', '', '', '', ...counters(svc.stats), ...rates(svc.rate)],
        ...svc.destinations.map((d) => [d.address, d.forward, d.weight, d.activeConn, d.inActConn, ...counters(d.stats), ...rates(d.rate)]),
      ];
      out.table(
        [
          'destination',
          'forward',
          'weight',
          'active',
          'inact',
          'conns',
          'inpkts',
          'outpkts',
          'inbytes',
          'outbytes',
          'cps',
          'inpps',
          'outpps',
          'inbps',
          'outbps',
        ],
        rows,
      );
    }
  });

program
  .command('load')
  .description('N requests with concurrency C from the client to the VIP, counted per backend')
  .addOption(new Option('-n, --requests <n>', 'number of requests').default(LOAD_DEFAULTS.requests).argParser(intArg(1, LOAD_LIMITS.maxRequests)))
  .addOption(new Option('-c, --concurrency <c>', 'requests at a time').default(LOAD_DEFAULTS.concurrency).argParser(intArg(1, LOAD_LIMITS.maxConcurrency)))
  .addOption(
    new Option('--timeout <s>', 'per-request timeout in seconds').default(LOAD_DEFAULTS.timeoutSeconds).argParser(intArg(1, LOAD_LIMITS.maxTimeoutSeconds)),
  )
  .action(async (o: { requests: number; concurrency: number; timeout: number }, cmd: Command) => {
    const { out, service } = setup(cmd);
    const result = await service.loadTest({ requests: o.requests, concurrency: o.concurrency, timeoutSeconds: o.timeout }, (d, t) =>
      out.progress(`load: ${d}/${t} requests`),
    );
    if (out.json) return out.data(result);
    const s = result.summary;
    out.table(
      ['backend', 'requests', 'share'],
      s.backends.map((b) => [b.backend, b.count, `${b.percent.toFixed(1)}%`]),
    );
    const l = s.latencyMs;
    out.line(
      `${s.ok}/${s.total} ok, ${s.errors} errors, ${s.timeouts} timeouts` +
        (l ? `; latency p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms` : ''),
    );
    for (const e of s.errorMessages) out.line(`  ${e.count}× ${e.message}`);
    if (s.ok === 0) process.exitCode = 1;
  });

program
  .command('reset')
  .description("remove the lab's containers and networks and bring it back clean, every step pending")
  .action(async (_o, cmd: Command) => {
    const { out, service } = setup(cmd);
    await service.reset((m) => out.progress(m));
    if (out.json) return out.data({ lab: service.lab.name, reset: true });
    out.line(`${service.lab.name}: reset; every step is pending. Run \`lvs-lab up\` or \`lvs-lab step <id>\`.`);
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

function counters(s: { conns: number; inPkts: number; outPkts: number; inBytes: number; outBytes: number } | null) {
  return s ? [s.conns, s.inPkts, s.outPkts, s.inBytes, s.outBytes] : ['-', '-', '-', '-', '-'];
}

function rates(r: { cps: number; inPPS: number; outPPS: number; inBPS: number; outBPS: number } | null) {
  return r ? [r.cps, r.inPPS, r.outPPS, r.inBPS, r.outBPS] : ['-', '-', '-', '-', '-'];
}

function ep(e: Parameters<typeof endpointText>[0] | null | undefined): string {
  return e ? endpointText(e) : '-';
}

function intArg(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

/** Errors from the socket say little on their own: name the endpoint and what to do. */
function explain(e: unknown): string {
  if (lastEndpoint?.host.startsWith('ssh:') && /waiting for handshake|protocol version|Connection lost before handshake/i.test(messageOf(e))) {
    return `No SSH server answers at ${lastEndpoint.host} (${messageOf(e)}): check the host and port`;
  }
  if (lastEndpoint?.host.startsWith('ssh:') && /agent|authentication methods failed/i.test(messageOf(e))) {
    return `Cannot log in to ${lastEndpoint.host}: ${messageOf(e)}. Load a key the host accepts into ssh-agent (ssh-add) and set SSH_AUTH_SOCK`;
  }
  if (isUnreachable(e) && lastEndpoint) {
    const what = messageOf(e).includes(lastEndpoint.host) ? messageOf(e) : `Cannot reach Docker at ${lastEndpoint.host}: ${messageOf(e)}`;
    return `${what} (engine from ${lastEndpoint.source}). Start Docker, or point DOCKER_HOST or --docker-host at an engine; \`lvs-lab doctor\` checks the setup`;
  }
  return messageOf(e);
}

// Deprecation warnings from libraries (docker-modem parses ssh URLs the old way) are not the user's business.
process.noDeprecation = true;

program.parseAsync(process.argv).catch((e: unknown) => {
  createOutput(false).done();
  // One clear sentence, never a stack trace.
  process.stderr.write(`lvs-lab: ${explain(e)}\n`);
  process.exitCode = 1;
});
