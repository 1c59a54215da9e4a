// What the panel remembers across being hidden and shown again (it is re-created each time, since it does
// not use retainContextWhenHidden): vscode.setState() keeps it. Whatever comes back is checked field by
// field, since it may come from an older version of the panel.
import { loadOutcomeSchema, type LoadOutcome } from '../src/protocol/messages';
import type { ConnFilter } from './connModel';
import type { SortState } from './tableModel';

export const TAB_IDS = ['connections', 'services', 'sockets', 'load', 'lessons'] as const;
export type TabId = (typeof TAB_IDS)[number];

export interface LoadForm {
  requests: number;
  concurrency: number;
  clients: number;
  hold: number;
}

export interface LastLoad extends LoadForm, LoadOutcome {
  /** ISO time the result arrived. */
  at: string;
}

export interface PanelState {
  version: 1;
  tab: TabId;
  connSort: SortState | null;
  connFilter: ConnFilter;
  socketNode: string | null;
  socketSort: SortState | null;
  paused: boolean;
  loadForm: LoadForm | null;
  lastLoad: LastLoad | null;
}

export const DEFAULT_STATE: PanelState = {
  version: 1,
  tab: 'connections',
  connSort: null,
  connFilter: { state: '', dest: '' },
  socketNode: null,
  socketSort: null,
  paused: false,
  loadForm: null,
  lastLoad: null,
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, min = 1): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

function sortState(v: unknown): SortState | null {
  if (!isObject(v) || typeof v.key !== 'string' || (v.dir !== 'asc' && v.dir !== 'desc')) return null;
  return { key: v.key, dir: v.dir };
}

/** A saved form; one from before client addresses and held connections gets their defaults (1 and 0). */
function loadForm(v: unknown): LoadForm | null {
  if (!isObject(v) || !isCount(v.requests) || !isCount(v.concurrency)) return null;
  return { requests: v.requests, concurrency: v.concurrency, clients: isCount(v.clients) ? v.clients : 1, hold: isCount(v.hold, 0) ? v.hold : 0 };
}

export function restoreState(raw: unknown): PanelState {
  if (!isObject(raw)) return structuredClone(DEFAULT_STATE);
  const filter = isObject(raw.connFilter) ? raw.connFilter : {};
  let lastLoad: LastLoad | null = null;
  const form = loadForm(raw.lastLoad);
  if (form && isObject(raw.lastLoad)) {
    // An older panel saved only the stats: no prediction, no sources, no holds.
    const outcome = loadOutcomeSchema.safeParse({ prediction: null, predictionNote: null, bySource: [], holds: null, ...raw.lastLoad });
    const at = raw.lastLoad.at;
    if (outcome.success && typeof at === 'string') lastLoad = { ...form, ...outcome.data, at };
  }
  return {
    version: 1,
    tab: (TAB_IDS as readonly unknown[]).includes(raw.tab) ? (raw.tab as TabId) : DEFAULT_STATE.tab,
    connSort: sortState(raw.connSort),
    connFilter: {
      state: typeof filter.state === 'string' ? filter.state : '',
      dest: typeof filter.dest === 'string' ? filter.dest : '',
    },
    socketNode: typeof raw.socketNode === 'string' ? raw.socketNode : null,
    socketSort: sortState(raw.socketSort),
    paused: raw.paused === true,
    loadForm: loadForm(raw.loadForm),
    lastLoad,
  };
}
