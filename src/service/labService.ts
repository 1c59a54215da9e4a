// One lab on one Docker engine: the core (steps, parsers, load-test maths) driven
// through the Docker driver. The CLI and the extension both use this.
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { loggingExecutor, type CommandLogger, type NodeExecutor } from '../core/exec';
import { StepEngine, type StepState } from '../core/engine';
import { client, director, type Lab } from '../core/lab';
import { bodiesArgv, combine, curlArgv, parseBodies, type LoadTestSpec, type RequestResult } from '../core/loadTest';
import { summarizeLoad, type LoadStats } from '../core/loadStats';
import { parseIpvsadmConns, parseNetstat, type IpvsConn, type NetstatSocket } from '../core/parsers';
import type { ServiceView } from '../core/serviceView';
import { planSteps } from '../core/plan';
import { parseSnapshot, snapshotArgv, type NodeSnapshot } from '../core/snapshot';
import { resolveEndpoint, type Endpoint } from '../docker/connection';
import { ensureImage } from '../docker/image';
import { LabRuntime, type NodeState } from '../docker/labRuntime';

export type Progress = (message: string) => void;

export interface ServiceOptions {
  log?: CommandLogger;
  execTimeoutMs?: number;
}

export interface LabStatus {
  nodes: NodeState[];
  steps: StepState[];
}

export interface LoadTestResult {
  spec: LoadTestSpec;
  results: RequestResult[];
  summary: LoadStats;
}

export function connectDocker(setting?: string): { docker: Docker; endpoint: Endpoint } {
  const endpoint = resolveEndpoint({ setting });
  return { docker: new Docker(endpoint.options), endpoint };
}

export class LabService {
  readonly runtime: LabRuntime;
  readonly engine: StepEngine;
  /** The runtime with every command logged. */
  private readonly nodes: NodeExecutor;

  constructor(
    readonly docker: Docker,
    readonly lab: Lab,
    private readonly options: ServiceOptions = {},
  ) {
    this.runtime = new LabRuntime(docker, lab);
    this.nodes = loggingExecutor(this.runtime, options.log);
    this.engine = new StepEngine(this.nodes, planSteps(lab), { timeoutMs: options.execTimeoutMs });
  }

  /** Builds the image if needed, creates what is missing, runs every step not yet done. */
  async up(progress?: Progress, signal?: AbortSignal): Promise<StepState[]> {
    const { tag, built } = await ensureImage(this.docker, (line) => progress?.(`image: ${line}`));
    if (built) progress?.(`built ${tag}`);
    signal?.throwIfAborted();
    await this.runtime.ensureNetworks(progress);
    // Each node runs its steps as soon as its own container is up, not when all are.
    const report = (s: StepState) => progress?.(`${s.id}: ${s.status}${s.skipped ? ' (already done)' : ''}`);
    const perNode = await Promise.all(
      (await this.runtime.nodes()).map(async (n) => {
        await this.runtime.ensureNode(n, tag, progress);
        return this.engine.runNode(n.name, report, signal);
      }),
    );
    return this.engine.inPlanOrder(perNode.flat());
  }

  /** Reads every running node once for the live panel: one exec per node. */
  async snapshot(): Promise<{ readAt: Date; durationMs: number; nodes: Map<string, NodeSnapshot | Error> }> {
    const started = Date.now();
    const readAt = new Date();
    const nodes = new Map<string, NodeSnapshot | Error>();
    await Promise.all(
      this.lab.nodes.map(async (node) => {
        try {
          const r = await this.nodes.exec(node.name, snapshotArgv(node.role), { timeoutMs: this.options.execTimeoutMs ?? 15_000, routine: true });
          nodes.set(node.name, parseSnapshot(r.stdout));
        } catch (e) {
          nodes.set(node.name, e instanceof Error ? e : new Error(String(e)));
        }
      }),
    );
    return { readAt, durationMs: Date.now() - started, nodes };
  }

  async status(): Promise<LabStatus> {
    const nodes = await this.runtime.nodes();
    const down = new Map(nodes.filter((n) => n.state !== 'running').map((n) => [n.name, `${n.name} is ${n.state}`]));
    return { nodes, steps: await this.engine.statusAll((step) => down.get(step.node)) };
  }

  runStep(id: string): Promise<StepState> {
    return this.engine.run(this.engine.find(id));
  }

  /** The director's IPVS connection table. */
  async connections(): Promise<IpvsConn[]> {
    return parseIpvsadmConns(await this.read(director(this.lab).name, ['ipvsadm', '-Lnc']));
  }

  /** `netstat -natp` on any node. */
  async sockets(node: string): Promise<NetstatSocket[]> {
    return parseNetstat(await this.read(node, ['netstat', '-natp']));
  }

  /** The virtual services with their --stats and --rate figures, read in one exec. */
  async services(): Promise<ServiceView[]> {
    const d = director(this.lab);
    const snap = parseSnapshot(await this.read(d.name, snapshotArgv(d.role)));
    if (!snap.services) throw new Error(`Could not read the IPVS tables on ${d.name}: ${snap.errors.join('; ')}`);
    return snap.services;
  }

  /** N requests with concurrency C from the client to the VIP, counted per backend. */
  async loadTest(
    options: { requests: number; concurrency: number; timeoutSeconds?: number },
    onProgress?: (done: number, total: number) => void,
  ): Promise<LoadTestResult> {
    const spec: LoadTestSpec = {
      vip: this.lab.service.vip,
      port: this.lab.service.port,
      requests: options.requests,
      concurrency: options.concurrency,
      timeoutSeconds: options.timeoutSeconds ?? 5,
    };
    const node = client(this.lab).name;
    const dir = `/tmp/lvslab-load-${randomBytes(4).toString('hex')}`;
    const rounds = Math.ceil(spec.requests / spec.concurrency);
    let done = 0;
    const curl = await this.nodes.exec(node, curlArgv(spec, dir), {
      timeoutMs: rounds * (spec.timeoutSeconds + 1) * 1000 + 30_000,
      onStdout: (text) => {
        done += text.split('\n').length - 1;
        onProgress?.(Math.min(done, spec.requests), spec.requests);
      },
    });
    const bodies = await this.nodes.exec(node, bodiesArgv(dir));
    await this.nodes.exec(node, ['rm', '-rf', dir]);
    const results = combine(curl.stdout, parseBodies(bodies.stdout, dir));
    if (results.length !== spec.requests) {
      throw new Error(`curl reported ${results.length} of ${spec.requests} requests: ${curl.stderr.trim() || `exit code ${curl.exitCode}`}`);
    }
    return { spec, results, summary: summarizeLoad(results) };
  }

  /** Removes the lab's containers and networks and brings them back clean, steps pending. */
  async reset(progress?: Progress): Promise<void> {
    const { tag } = await ensureImage(this.docker, (line) => progress?.(`image: ${line}`));
    await this.runtime.remove(progress);
    await this.runtime.create(tag, progress);
  }

  down(progress?: Progress): Promise<void> {
    return this.runtime.remove(progress);
  }

  private async read(node: string, argv: string[]): Promise<string> {
    const r = await this.nodes.exec(node, argv, { timeoutMs: this.options.execTimeoutMs });
    if (r.exitCode !== 0) throw new Error(`${argv.join(' ')} on ${node} failed: ${(r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`}`);
    return r.stdout;
  }
}
