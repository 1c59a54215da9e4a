// One lab on one Docker engine: the core (steps, parsers, load-test maths) driven
// through the Docker driver. The CLI and the extension speak only to this.
import type Docker from 'dockerode';
import * as l10n from '@vscode/l10n';
import { loggingExecutor, type Batch, type CommandLogger, type NodeExecutor } from '../core/exec';
import { StepEngine, stepStatusWord, type StepState } from '../core/engine';
import { director, type Lab, type Scheduler } from '../core/lab';
import { healthReadArgv, healthView, parseHealthRead, type HealthView } from '../core/health';
import type { DrillObservation } from '../core/drillDiagnosis';
import type { ActiveDrill, DrillKind, NetemParams } from '../core/drills';
import type { LabChange } from '../core/labChanges';
import { parseIpvsadmConns, parseNetstat, type IpvsConn, type NetstatSocket } from '../core/parsers';
import type { ServiceView } from '../core/serviceView';
import { planSteps } from '../core/plan';
import { baselineItem } from '../core/baseline';
import { parseSnapshot, snapshotArgv } from '../core/snapshot';
import type { NodeState } from '../core/nodeState';
import { stepInfo, type StepInfo } from '../core/step';
import type { ApiTimeouts } from '../docker/bounded';
import { connectDocker, type Endpoint } from '../docker/connection';
import { containerLogs } from '../docker/containerLogs';
import { watchLabContainers } from '../docker/events';
import { ensureImage } from '../docker/image';
import { resetLab } from '../docker/labReset';
import { LabRuntime } from '../docker/labRuntime';
import { openShell, type ShellSession } from '../docker/shell';
import { doctor, type DoctorReport } from './doctor';
import { LabLock, type Holder, type Operation } from './labLock';
import { runCheck } from './labCheck';
import type { ExerciseRecord, ExerciseStep } from '../core/exercise';
import { ExerciseKeeper, readDirectorRecords } from './exercise';
import type { Grade } from '../core/grade';
import { runArpExperiment, type ArpExperiment } from './arpExperiment';
import { applyDrill, lookAt, readDrills, undoDrills, type DrillResult, type LookOptions, type UndoResult } from './drills';
import { runL4, type L4Options, type L4Result } from './l4Experiment';
import { applyChange, availableSchedulers, readDesired, type ChangeResult } from './liveChanges';
import { LiveReader } from './liveReader';
import { runLoadTest, type LoadOptions, type LoadTestResult } from './loadRun';
import { readDirector } from './statusRead';
import { runTrace, type TraceResult } from './trace';

export type { Endpoint } from '../docker/connection';
export { isUnreachable } from '../docker/connection';
export type { ShellSession } from '../docker/shell';
export { BusyError, type Holder, type Operation } from './labLock';
export type { NodeTick, Watch, WatchNeeds } from './liveReader';
export type { LoadOptions, LoadTestResult } from './loadRun';
export type { TraceResult } from './trace';
export type { DrillResult, LookOptions, UndoResult } from './drills';
export type { L4Options, L4Result } from './l4Experiment';

export type Progress = (message: string) => void;

export interface ServiceOptions {
  log?: CommandLogger;
  execTimeoutMs?: number;
  /** The Docker engine (unix://, tcp://, ssh://); empty: DOCKER_HOST, the context, the default socket. */
  dockerHost?: string;
  /** How long the engine may take to answer one API call; DEFAULT_API_TIMEOUTS when unset. */
  apiTimeouts?: ApiTimeouts;
  /** When another lifecycle operation holds the lab: wait for it (true), or fail with a BusyError. */
  waitWhenBusy?: boolean;
  /** Told when an operation of this service starts (its name) and ends (undefined). */
  onBusy?: (operation: Operation | undefined) => void;
}

export interface LabStatus {
  nodes: NodeState[];
  steps: StepState[];
  /** The exercise as recorded on the director after this read; null when not in exercise mode (or the director is down). */
  exercise?: ExerciseRecord | null;
}

export interface UpOptions {
  /** false: the nodes start and no step is run (the walkthrough, by hand). */
  steps?: boolean;
  /** Exercise mode: no step is run, and the learner's progress is recorded on the director (see core/exercise.ts). */
  exercise?: boolean;
}

/** What `up` leaves: every step's status (as run, or as read when none is run) and, in exercise mode, its record. */
export interface UpResult {
  steps: StepState[];
  exercise?: ExerciseRecord;
}

export class LabService {
  readonly endpoint: Endpoint;
  private readonly docker: Docker;
  private readonly runtime: LabRuntime;
  /** The steps of the lab as the user now wants it (the file with the live changes), as last read. */
  private engine: StepEngine;
  private desired: Lab;
  private readonly lock: LabLock;
  /** The nodes' live snapshots, one stream per node, shared by every watcher. */
  readonly live: LiveReader;
  /** The runtime with every command logged. */
  private readonly nodes: NodeExecutor;
  /** Exercise mode's record on the director (see core/exercise.ts). */
  private readonly exercise: ExerciseKeeper;

  constructor(
    readonly lab: Lab,
    private readonly options: ServiceOptions = {},
  ) {
    ({ docker: this.docker, endpoint: this.endpoint } = connectDocker(options.dockerHost, options.apiTimeouts));
    this.runtime = new LabRuntime(this.docker, lab);
    this.lock = new LabLock(lab.name, this.endpoint.host, this.runtime.identity);
    this.nodes = loggingExecutor(this.runtime, options.log);
    this.desired = lab;
    this.engine = this.engineFor(lab);
    this.live = new LiveReader(lab, this.nodes);
    this.exercise = new ExerciseKeeper({
      nodes: this.nodes,
      lab,
      timeoutMs: this.execTimeoutMs,
      read: () => this.readRecords(),
      steps: () => this.steps(),
    });
  }

  /** The lab's steps in the handbook's order, as people see them (with the live changes last read). */
  steps(): StepInfo[] {
    return this.engine.steps.map(stepInfo);
  }

  /** The lab as the user now wants it: the file with the live changes, as last read. */
  get current(): Lab {
    return this.desired;
  }

  /** Changes the running virtual service (scheduler, a weight, persistence) and makes it the lab's desired state. */
  change(change: LabChange): Promise<ChangeResult> {
    return this.exclusive('change', async () => {
      const result = await applyChange(this.nodes, this.lab, change, this.execTimeoutMs);
      this.useDesired(result.desired);
      return result;
    });
  }

  /** The ARP experiment from the client; with `unhide`, also with that real server's ARP settings reverted, then restored. */
  arpExperiment(unhide?: string): Promise<ArpExperiment> {
    // The ARP steps do not depend on the live changes: no need to read them first.
    return this.exclusive('experiment', () =>
      runArpExperiment(
        {
          lab: this.lab,
          nodes: this.nodes,
          macs: () => this.runtime.macAddresses(),
          runStep: (id) => this.engine.run(this.engine.find(id)),
          timeoutMs: this.execTimeoutMs,
        },
        unhide,
      ),
    );
  }

  /** keepalived's checks as the director runs them now, with the checks the lab asks for. */
  async health(): Promise<HealthView> {
    const [desired, r] = await Promise.all([this.desiredLab(), this.nodes.exec(director(this.lab).name, healthReadArgv(), { timeoutMs: this.execTimeoutMs })]);
    return healthView(desired, parseHealthRead(r));
  }

  /** The lab as the user now wants it, read from the director now (one exec; not the steps' checks). */
  async desiredLab(): Promise<Lab> {
    await this.readDesired();
    return this.desired;
  }

  /** Which schedulers the running kernel has (tried on the director). */
  schedulers(): Promise<Record<Scheduler, boolean>> {
    return availableSchedulers(this.nodes, this.lab, this.execTimeoutMs);
  }

  /** Can this engine run the lab? Docker, its API, the node image, IPVS, the subnets. */
  doctor(): Promise<DoctorReport> {
    return doctor(this.docker, this.endpoint, this.lab);
  }

  /** Calls `onChange` whenever one of the project's containers changes state. */
  watchContainers(onChange: () => void, onWarning: (message: string) => void): { dispose(): void } {
    return watchLabContainers(this.docker, onChange, onWarning);
  }

  /** The lifecycle operation holding the lab now, in this process or another. */
  busy(): Promise<Holder | undefined> {
    return this.lock.holder();
  }

  /**
   * Builds the image if needed, creates what is missing, runs every step not yet done. With `steps: false`
   * the nodes start and the steps are left to the learner (the walkthrough, by hand): none is run.
   */
  up(progress?: Progress, signal?: AbortSignal, options: UpOptions = {}): Promise<UpResult> {
    return this.exclusive('start', () => this.upLocked(progress, signal, options));
  }

  private async upLocked(progress: Progress | undefined, signal: AbortSignal | undefined, options: UpOptions): Promise<UpResult> {
    const since = new Date().toISOString();
    const runSteps = (options.steps ?? true) && !options.exercise;
    await this.runtime.assertOwnName();
    void this.runtime.startSlots(); // the engine's CPUs, read while the image and network are checked
    const { tag, built } = await ensureImage(this.docker, (line) => progress?.(l10n.t('image: {0}', line)));
    if (built) progress?.(l10n.t('built {0}', tag));
    signal?.throwIfAborted();
    await this.runtime.ensureNetworks(progress);
    // Each node runs its steps as soon as its own container is up, not when all are.
    const report = (s: StepState) => progress?.(`${s.id}: ${stepStatusWord(s.status)}${s.skipped ? l10n.t(' (already done)') : ''}`);
    // A new director holds no records (live changes, an exercise): nothing to read back.
    let newDirector = false;
    const perNode = await Promise.all(
      this.engine.startOrder(await this.runtime.nodes()).map(async (n) => {
        // A new node's baseline goes first in the batch of its steps' commands, or of its checks in exercise mode.
        const how = await this.runtime.ensureNode(n, tag, progress, { baseline: !runSteps && !options.exercise });
        if (n.role === 'director') newDirector = how === 'created';
        // A director that existed before may hold live changes; a new one holds none.
        if (n.role === 'director' && n.state !== 'missing') await this.readDesired();
        const prelude = how === 'created' ? [baselineItem()] : [];
        if (options.exercise) return this.engine.checkNode(n.name, prelude);
        if (!runSteps) return [];
        return this.engine.runNode(n.name, report, signal, { prelude, fresh: how === 'created' });
      }),
    );
    const read = this.engine.inPlanOrder(perNode.flat());
    if (options.exercise) {
      // A new director holds no record: an exercise begins.
      const record = newDirector ? null : await this.readRecords();
      return { steps: read, exercise: await this.exercise.begin(record, read, progress) };
    }
    const exercise = runSteps && !newDirector ? await this.readRecords() : null;
    if (exercise) await this.exercise.afterLabRun(exercise, read, since);
    return { steps: read };
  }

  /** Shows a step's hint and answer in exercise mode, recorded on the director as asked for. */
  showAnswer(id: string): Promise<ExerciseStep> {
    return this.exercise.showAnswer(id);
  }

  async status(): Promise<LabStatus> {
    const nodes = await this.runtime.nodes();
    const down = new Map(nodes.filter((n) => n.state !== 'running').map((n) => [n.name, l10n.t('{0} is {1}', n.name, n.state)]));
    const unreachable = (step: { node: string }) => down.get(step.node);
    const boss = director(this.lab).name;
    if (down.has(boss)) return { nodes, steps: await this.engine.statusAll(unreachable), exercise: null };
    // The other nodes' steps do not depend on the director's records: live changes touch only the director's.
    const others = [...new Set(this.engine.steps.map((s) => s.node))].filter((n) => n !== boss);
    const [theirs, mine] = await Promise.all([
      this.engine.statusAll(unreachable, others),
      readDirector({ nodes: this.nodes, director: boss, engine: () => this.engine, readRecords: (batch) => this.readRecords(batch) }),
    ]);
    const steps = this.engine.inPlanOrder([...theirs, ...mine.steps]);
    return { nodes, steps, exercise: mine.exercise && (await this.exercise.observe(mine.exercise, steps)) };
  }

  runStep(id: string): Promise<StepState> {
    return this.exclusive('step', async () => {
      const since = new Date().toISOString();
      const exercise = await this.readRecords();
      const state = await this.engine.run(this.engine.find(id));
      if (exercise) await this.exercise.afterLabRun(exercise, [state], since);
      return state;
    });
  }

  /** Every step not yet done; a node's steps after a failed one are reported not run. */
  runAllSteps(onStep?: (state: StepState) => void, signal?: AbortSignal): Promise<StepState[]> {
    return this.exclusive('steps', async () => {
      const since = new Date().toISOString();
      const exercise = await this.readRecords();
      const states = await this.engine.runAll(onStep, signal);
      if (exercise) await this.exercise.afterLabRun(exercise, states, since);
      return states;
    });
  }

  /** An interactive shell in a running node. */
  async openShell(node: string): Promise<ShellSession> {
    return openShell(this.docker, await this.containerOf(node));
  }

  /** A node's container output and, on real servers, httpd's logs. */
  async nodeLogs(node: string): Promise<string> {
    const output = await containerLogs(this.docker, await this.containerOf(node), { tail: 500, timestamps: true });
    const parts = [`# ${node}: container output (docker logs)`, output || '(none)'];
    if (this.lab.nodes.find((n) => n.name === node)?.role === 'real') {
      const r = await this.nodes.exec(node, ['tail', '-n', '200', '/var/log/apache2/access.log', '/var/log/apache2/error.log'], { timeoutMs: 10_000 });
      parts.push(`# ${node}: httpd logs`, r.stdout || r.stderr);
    }
    return parts.join('\n\n');
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
    if (!snap.services) throw new Error(l10n.t('Could not read the IPVS tables on {0}: {1}', d.name, snap.errors.join('; ')));
    return snap.services;
  }

  /** N requests with concurrency C from the client to the VIP (from K source addresses, H connections held), counted per backend and predicted. */
  loadTest(options: LoadOptions, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<LoadTestResult> {
    return this.exclusive('load test', () => runLoadTest(this.nodes, this.lab, options, { execTimeoutMs: this.execTimeoutMs, onProgress, signal }));
  }

  /** The lab checker: every step with its proof, then (all done) N requests and the director's counters around them. */
  check(requests = 20): Promise<Grade> {
    return this.exclusive('check', async () => {
      const deps = {
        lab: () => this.desired,
        nodes: this.nodes,
        steps: () => this.steps(),
        status: () => this.status(),
        services: () => this.services(),
        execTimeoutMs: this.execTimeoutMs,
      };
      return runCheck(deps, requests);
    });
  }

  /** One request to the VIP, captured with tcpdump on every node's interfaces, as a hop-by-hop path. */
  trace(): Promise<TraceResult> {
    return this.exclusive('trace', () => runTrace(this.nodes, this.lab, this.execTimeoutMs));
  }

  /** A few large downloads through the VIP with every node's sockets read while they run and the director's byte counters before and after. */
  l4(options: L4Options = {}): Promise<L4Result> {
    return this.exclusive('experiment', () => runL4(this.nodes, this.lab, options, this.execTimeoutMs));
  }

  /** Applies a failure drill on a real server (read back from it), then, with `look`, what the handbook says to look at. */
  drill(kind: DrillKind, node: string, netem?: NetemParams, look?: LookOptions): Promise<DrillResult> {
    return this.exclusive('drill', () => applyDrill(this.drillDeps(), kind, node, netem, look));
  }

  /** Undoes the drills on one real server, or on all. */
  undoDrills(node?: string): Promise<UndoResult> {
    return this.exclusive('drill', async () => {
      await this.readDesired();
      return undoDrills(this.drillDeps(), node);
    });
  }

  /** What the handbook says to look at during a drill: a short load test, then the director's table. */
  lookAtDrills(look: LookOptions): Promise<DrillObservation> {
    return this.exclusive('load test', () => lookAt(this.drillDeps(), look));
  }

  /** The drills active now, read from the real servers (their links and httpd). */
  drills(): Promise<ActiveDrill[]> {
    return readDrills(this.drillDeps());
  }

  private drillDeps() {
    return { lab: this.lab, nodes: this.nodes, runStep: (id: string) => this.engine.run(this.engine.find(id)), timeoutMs: this.execTimeoutMs };
  }

  /** Brings every node back to its state right after creation (in place where it can prove it, else recreated); steps as on a fresh lab. */
  reset(progress?: Progress): Promise<{ inPlace: number; recreated: number }> {
    return this.exclusive('reset', async () => {
      await this.runtime.assertOwnName();
      const { tag } = await ensureImage(this.docker, (line) => progress?.(l10n.t('image: {0}', line)));
      // Reset undoes the director's records too; an exercise starts over, still an exercise.
      // They are read before the director is touched (in the same exec as its undo), while the other nodes are undone.
      let exercise: Promise<ExerciseRecord | null> = Promise.resolve(null);
      const before = (node: string, batch?: Batch) =>
        node === director(this.lab).name ? (exercise = this.readRecords(batch)).then(() => undefined) : undefined;
      // Each node undoes the steps in place and proves it against its baseline; one that cannot is recreated.
      const nodes = await resetLab(this.runtime, this.nodes, tag, { progress, timeoutMs: this.options.execTimeoutMs, before });
      this.useDesired(this.lab);
      if (await exercise) await this.exercise.restart();
      const inPlace = nodes.filter((n) => n.how === 'in place').length;
      progress?.(l10n.t('reset: {0} of {1} nodes undone in place, {2} recreated', inPlace, nodes.length, nodes.length - inPlace));
      return { inPlace, recreated: nodes.length - inPlace };
    });
  }

  down(progress?: Progress): Promise<void> {
    return this.exclusive('destroy', async () => {
      await this.runtime.assertOwnName();
      await this.runtime.remove(progress);
    });
  }

  private get execTimeoutMs(): number {
    return this.options.execTimeoutMs ?? 30_000;
  }

  private engineFor(lab: Lab): StepEngine {
    return new StepEngine(this.nodes, planSteps(lab), { timeoutMs: this.options.execTimeoutMs });
  }

  private useDesired(lab: Lab): void {
    this.desired = lab;
    this.engine = this.engineFor(lab);
  }

  /**
   * Reads the director's records (the live changes, the exercise) in one exec; a director that
   * cannot be read leaves the last known changes and counts as no exercise.
   */
  private async readRecords(batch?: Batch): Promise<ExerciseRecord | null> {
    try {
      const { desired, exercise } = await readDirectorRecords(this.nodes, this.lab, this.execTimeoutMs, batch);
      this.useDesired(desired);
      return exercise;
    } catch {
      // Already in the command log; the step checks that follow say what is wrong with the node.
      return null;
    }
  }

  /** Reads the changes recorded on the director; a director that cannot be read leaves the last known. */
  private async readDesired(): Promise<void> {
    try {
      this.useDesired((await readDesired(this.nodes, this.lab, this.execTimeoutMs)).desired);
    } catch {
      // Already in the command log; the step checks that follow say what is wrong with the node.
    }
  }

  /** One lifecycle operation at a time per lab, across processes. */
  private async exclusive<T>(operation: Operation, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(
      operation,
      async () => {
        this.options.onBusy?.(operation);
        try {
          return await fn();
        } finally {
          this.options.onBusy?.(undefined);
        }
      },
      this.options.waitWhenBusy,
    );
  }

  private async containerOf(node: string): Promise<string> {
    const state = (await this.runtime.nodes()).find((n) => n.name === node);
    if (!state) throw new Error(l10n.t('No node "{0}"; the nodes are {1}', node, this.lab.nodes.map((n) => n.name).join(', ')));
    if (!state.containerId) throw new Error(l10n.t('{0} has no container: start the lab first', node));
    return state.containerId;
  }

  private async read(node: string, argv: string[]): Promise<string> {
    const r = await this.nodes.exec(node, argv, { timeoutMs: this.options.execTimeoutMs });
    if (r.exitCode !== 0)
      throw new Error(l10n.t('{0} on {1} failed: {2}', argv.join(' '), node, (r.stderr || r.stdout).trim() || l10n.t('exit code {0}', r.exitCode)));
    return r.stdout;
  }
}
