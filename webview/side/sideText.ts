// Every text the Connections side view shows, in one place; each looked up when it is shown (l10n).
import * as l10n from '@vscode/l10n';
import type { SideStatus } from '../../src/protocol/sideMessages';

export const SIDE_TEXT = {
  /** Why there is nothing to show; null: data follows. */
  status: {
    unknown: () => l10n.t('Reading the lab…'),
    noDocker: () => l10n.t('Docker does not answer. Start Docker, or set LVS Lab: Docker Host; then run LVS Lab: Check Docker and IPVS.'),
    noIpvs: () => l10n.t("Docker answers, but IPVS does not work in its containers: the Docker host's kernel needs the ip_vs modules."),
    readError: () => l10n.t('The lab could not be read. Run LVS Lab: Refresh to try again; LVS Lab: Show Logs has the details.'),
    noLab: () => l10n.t('No lab running. Start one with Start Lab in the Lab view.'),
    partial: null,
    running: null,
  } satisfies Record<SideStatus, (() => string) | null>,
  stopped: () => l10n.t('Some nodes are stopped.'),
  waiting: () => l10n.t("Waiting for the director's first reading…"),
  readError: (error: string | null) =>
    error ? l10n.t("The director's connection table could not be read: {0}", error) : l10n.t("The director's connection table could not be read."),
  readAt: (time: string, ms: string) => l10n.t('Read {0} in {1}', time, ms),
  caption: () => l10n.t("The director's connection table (ipvsadm -lnc) per real server."),
  openPanel: () => l10n.t('Open in Live Panel'),
  openPanelTitle: () => l10n.t('The full connection table in the live panel, sortable and filtered'),
  serverTitle: (server: string) => l10n.t('Open the live panel with only the entries to {0}', server),
  stateTitle: (meaning: string, server: string) => l10n.t('{0}\nClick: open the live panel with only these entries to {1}.', meaning, server),
  noServers: () => l10n.t('The director has no real servers yet.'),
  stuck: (entries: string, servers: string) => l10n.t('{0} stuck in SYN_RECV, to {1}.', entries, servers),
  loadTitle: () => l10n.t('Last load test'),
  loadNone: () => l10n.t('No load test yet: run LVS Lab: Run Load Test.'),
  loadSummary: (time: string, requests: string, ok: string) => l10n.t('{0}: {1} requests, {2} OK', time, requests, ok),
  predicted: (n: string) => l10n.t('predicted {0}', n),
  mismatch: () => l10n.t('does not match the prediction'),
  predictionVerdict: (scheduler: string, matches: boolean) =>
    matches ? l10n.t('Predicted by {0}: matches.', scheduler) : l10n.t('Predicted by {0}: does not match.', scheduler),
  noPrediction: (note: string | null) => (note ? l10n.t('No prediction: {0}.', note.replace(/^no prediction: /, '')) : l10n.t('No prediction.')),
  newestTitle: () => l10n.t('Newest entries'),
  newestHelp: () => l10n.t('Newest first: by the time since the entry last changed state (its timeout less what is left; ipvsadm keeps no creation time).'),
  newestEmpty: () => l10n.t('No connection entries. Send some requests to the VIP.'),
  columns: {
    // ipvsadm -lnc's own column names stay as it prints them.
    state: () => 'State',
    expire: () => 'Expire',
    path: () => l10n.t('Server ← client'),
  },
} as const;
