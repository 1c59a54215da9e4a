// Every text the Connections side view shows, in one place (to translate, change it here).
import type { SideStatus } from '../../src/protocol/sideMessages';

export const SIDE_TEXT = {
  /** Why there is nothing to show; null: data follows. */
  status: {
    unknown: 'Reading the lab…',
    noDocker: 'Docker does not answer. Start Docker, or set LVS Lab: Docker Host; then run LVS Lab: Check Docker and IPVS.',
    noIpvs: "Docker answers, but IPVS does not work in its containers: the Docker host's kernel needs the ip_vs modules.",
    readError: 'The lab could not be read. Run LVS Lab: Refresh to try again; LVS Lab: Show Logs has the details.',
    noLab: 'No lab running. Start one with Start Lab in the Lab view.',
    partial: null,
    running: null,
  } satisfies Record<SideStatus, string | null>,
  stopped: 'Some nodes are stopped.',
  waiting: "Waiting for the director's first reading…",
  readError: (error: string | null) => `The director's connection table could not be read${error ? `: ${error}` : '.'}`,
  readAt: (time: string, ms: string) => `Read ${time} in ${ms}`,
  caption: "The director's connection table (ipvsadm -lnc) per real server.",
  openPanel: 'Open in Live Panel',
  openPanelTitle: 'The full connection table in the live panel, sortable and filtered',
  serverTitle: (server: string) => `Open the live panel with only the entries to ${server}`,
  stateTitle: (meaning: string, server: string) => `${meaning}\nClick: open the live panel with only these entries to ${server}.`,
  entries: (n: string) => `${n} entries`,
  noServers: 'The director has no real servers yet.',
  allServers: 'All real servers',
  stuck: (n: string, servers: string) => `${n} stuck in SYN_RECV, to ${servers}.`,
  loadTitle: 'Last load test',
  loadNone: 'No load test yet: run LVS Lab: Run Load Test.',
  loadSummary: (time: string, requests: string, ok: string) => `${time}: ${requests} requests, ${ok} OK`,
  predicted: (n: string) => `predicted ${n}`,
  mismatch: 'does not match the prediction',
  predictionVerdict: (scheduler: string, matches: boolean) => `Predicted by ${scheduler}: ${matches ? 'matches' : 'does not match'}.`,
  noPrediction: (note: string | null) => (note ? `No prediction: ${note.replace(/^no prediction: /, '')}.` : 'No prediction.'),
  newestTitle: 'Newest entries',
  newestHelp: 'Newest first: by the time since the entry last changed state (its timeout less what is left; ipvsadm keeps no creation time).',
  newestEmpty: 'No connection entries. Send some requests to the VIP.',
  columns: { state: 'State', expire: 'Expire', path: 'Server ← client' },
} as const;
