// Dev page only: a fake extension host. Provides acquireVsCodeApi (state kept in sessionStorage, so a reload
// behaves like the panel being hidden and shown again), answers the panel's messages like the real host
// would, and plays the scenes from makeMessages.ts. Bundled by serve.ts, never part of dist/webview.
//   ?scene=healthy|big|broken|errors   which snapshot to show (default healthy)
//   ?live=0                            no periodic snapshots (deterministic screenshots)
import '../zodJitless';
import { measuredSplit, predictLoad } from '../../src/core/loadPrediction';
import { splitBySource } from '../../src/core/loadSources';
import { summarizeLoad, type RequestResult } from '../../src/core/loadStats';
import { requestSources } from '../../src/core/loadTest';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../src/protocol/messages';
import type { VsCodeApi } from '../vscodeApi';
import { IPVS_TIMEOUT_S } from '../connStates';
import type { DevMessages } from './makeMessages';

type SceneName = keyof DevMessages['snapshots'];
type Snapshot = Extract<HostMessage, { type: 'snapshot' }>;
type LoadRun = Omit<Extract<HostMessage, { type: 'loadStarted' }>, 'type'>;

interface DevHost {
  /** Messages the panel posted, in order. */
  received: WebviewMessage[];
  /** Sends any message to the panel, valid or not (to test that invalid ones are ignored). */
  send(message: unknown): void;
  scene(name: SceneName): void;
  /** Sends the current scene again with the clock advanced, like a refresh tick. */
  tick(): void;
  setTheme(kind: 'dark' | 'light'): void;
}

declare global {
  interface Window {
    __LVS_DEV__: DevMessages;
    devHost: DevHost;
  }
}

const data = window.__LVS_DEV__;
const params = new URLSearchParams(location.search);
const STATE_KEY = 'lvs-lab-dev-state';
let scene: SceneName = (params.get('scene') as SceneName | null) ?? 'healthy';
if (!(scene in data.snapshots)) scene = 'healthy';
const live = params.get('live') !== '0';
// The host remembers Pause across the panel being re-created; a reload stands for that here.
const PAUSED_KEY = 'lvs-lab-dev-host-paused';
let paused = sessionStorage.getItem(PAUSED_KEY) === 'true';
let sceneStart = Date.now();
let timer: number | undefined;
let acquired = false;

const toPanel = (message: unknown) => window.postMessage(message, '*');

function snapshot(): Snapshot {
  const s = structuredClone(data.snapshots[scene]);
  const elapsed = Math.floor((Date.now() - sceneStart) / 1000);
  // Entries count down like the kernel's timers, restarting at their state's timeout so the rows stay.
  for (const c of s.conns ?? []) {
    const timeout = IPVS_TIMEOUT_S[c.state] ?? 120;
    const left = (((c.expireSeconds - elapsed) % timeout) + timeout) % timeout;
    c.expireSeconds = left;
    c.expire = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
  }
  s.readAt = new Date().toISOString();
  return s;
}

function schedule(): void {
  window.clearInterval(timer);
  timer = undefined;
  if (live && !paused) timer = window.setInterval(() => toPanel(snapshot()), data.init.refreshMs);
}

/**
 * A load test as the host would report it: round robin over the real servers (from K addresses, the first the
 * client's), node03 failing in "broken"; the prediction from the scheduler model, as the host computes it.
 */
async function runLoad(run: LoadRun): Promise<void> {
  toPanel({ type: 'loadStarted', ...run });
  const backends = data.init.lab.realServers;
  const results: (RequestResult & { index: number })[] = [];
  let seed = 42;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < run.requests; i++) {
    const backend = backends[i % backends.length];
    if (scene === 'broken' && backend === 'node03')
      results.push({ index: i + 1, backend: null, status: 0, seconds: 3, exitCode: 28, error: 'Connection timed out after 3001 milliseconds' });
    else results.push({ index: i + 1, backend, status: 200, seconds: (1.2 + rnd() * 4 + (rnd() < 0.05 ? 20 : 0)) / 1000 });
  }
  const steps = 8;
  for (let k = 1; k <= steps; k++) {
    await new Promise((r) => setTimeout(r, 120));
    toPanel({ type: 'loadProgress', done: Math.round((run.requests * k) / steps), total: run.requests });
  }
  const net = data.init.lab.vip.slice(0, data.init.lab.vip.lastIndexOf('.') + 1);
  const sources = Array.from({ length: run.clients }, (_, i) => `${net}${i === 0 ? 10 : 192 - i}`);
  const stats = summarizeLoad(results);
  const bySource = splitBySource(results, sources);
  const live = { scheduler: 'rr', persistence: null, servers: [...backends].reverse().map((name) => ({ name, weight: 1, active: 0, inactive: 0 })) };
  const prediction = predictLoad(live, data.init.lab.vip, requestSources(run.requests, sources), run.concurrency, measuredSplit(stats, bySource));
  const holds = run.hold > 0 ? { opened: run.hold, byBackend: { [backends[0]]: run.hold }, ready: true, failed: null } : null;
  toPanel({ type: 'loadResult', ...run, stats, prediction, predictionNote: null, bySource, holds });
}

function receive(raw: unknown): void {
  const parsed = parseWebviewMessage(raw);
  if (!parsed.ok) {
    console.error(`dev host: the panel sent a message outside the protocol (${parsed.error})`, raw);
    return;
  }
  const m = parsed.message;
  window.devHost.received.push(m);
  switch (m.type) {
    case 'ready':
      toPanel({ ...data.init, paused });
      toPanel(scene === 'errors' ? data.nodesInErrorScene : data.nodes);
      toPanel(snapshot());
      for (const l of data.lessons) toPanel(l);
      schedule();
      break;
    case 'setPaused':
      paused = m.paused;
      sessionStorage.setItem(PAUSED_KEY, String(paused));
      setTimeout(() => toPanel({ type: 'paused', paused }), 50);
      schedule();
      break;
    case 'refreshNow':
      toPanel(snapshot());
      break;
    case 'runLoadTest':
      void runLoad({ requests: m.requests, concurrency: m.concurrency, clients: m.clients, hold: m.hold });
      break;
  }
}

const api: VsCodeApi = {
  postMessage: (m) => setTimeout(() => receive(m), 0),
  getState: () => {
    const s = sessionStorage.getItem(STATE_KEY);
    return s === null ? undefined : (JSON.parse(s) as unknown);
  },
  setState: (s) => sessionStorage.setItem(STATE_KEY, JSON.stringify(s)),
};

(window as unknown as { acquireVsCodeApi: () => VsCodeApi }).acquireVsCodeApi = () => {
  // Like VS Code: a second call is an error.
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return api;
};

window.devHost = {
  received: [],
  send: toPanel,
  scene(name) {
    scene = name;
    sceneStart = Date.now();
    toPanel(name === 'errors' ? data.nodesInErrorScene : data.nodes);
    toPanel(snapshot());
  },
  tick: () => toPanel(snapshot()),
  setTheme(kind) {
    document.body.classList.remove('vscode-dark', 'vscode-light');
    document.body.classList.add(`vscode-${kind}`);
    document.body.dataset.vscodeThemeKind = `vscode-${kind}`;
  },
};
