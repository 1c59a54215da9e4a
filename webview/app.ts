// The live panel: receives the host's messages (each one validated), keeps the views up to date and
// remembers the user's choices with vscode.setState.
import * as l10n from '@vscode/l10n';
import { parseHostMessage, type HostMessage, type LabInfo, type NodeInfo } from '../src/protocol/messages';
import { tabs, type Tabs } from './components';
import { h } from './dom';
import { formatCount } from './format';
import { nodeNamesByIp } from './labText';
import { TAB_IDS, type PanelState, type TabId } from './panelState';
import { loadState, post, saveState } from './vscodeApi';
import { ConnectionsView } from './views/connectionsView';
import { HeaderView } from './views/header';
import { LessonsView } from './views/lessonsView';
import { LoadView } from './views/loadView';
import { ServicesView } from './views/servicesView';
import { SocketsView } from './views/socketsView';

export class App {
  private state: PanelState;
  private lab: LabInfo | null = null;
  private nodes: NodeInfo[] | null = null;
  private readonly header: HeaderView;
  private readonly connections: ConnectionsView;
  private readonly services: ServicesView;
  private readonly sockets: SocketsView;
  private readonly load: LoadView;
  private readonly lessons = new LessonsView();
  private readonly tabs: Tabs;

  constructor(root: HTMLElement) {
    this.state = loadState();
    const s = this.state;
    this.header = new HeaderView({
      onPause: (paused) => {
        post({ type: 'setPaused', paused });
        // Shown at once; the host's 'paused' message confirms it.
        this.setPaused(paused);
      },
      onRefresh: () => post({ type: 'refreshNow' }),
    });
    this.connections = new ConnectionsView(s.connFilter, s.connSort, {
      onFilterChange: (connFilter) => this.save({ connFilter }),
      onSortChange: (connSort) => this.save({ connSort }),
    });
    this.services = new ServicesView((what) => post({ type: 'changeService', what }));
    this.sockets = new SocketsView(s.socketNode, s.socketSort, {
      onNodeChange: (socketNode) => this.save({ socketNode }),
      onSortChange: (socketSort) => this.save({ socketSort }),
    });
    this.load = new LoadView(s.loadForm, {
      onRun: (m) => {
        post(m);
        this.save({ loadForm: { requests: m.requests, concurrency: m.concurrency, clients: m.clients, hold: m.hold } });
      },
    });
    const labels: Record<TabId, string> = {
      connections: l10n.t('Connections'),
      services: l10n.t('Services'),
      sockets: l10n.t('Sockets'),
      load: l10n.t('Load test'),
      lessons: l10n.t('Lessons'),
    };
    const views: Record<TabId, HTMLElement> = {
      connections: this.connections.element,
      services: this.services.element,
      sockets: this.sockets.element,
      load: this.load.element,
      lessons: this.lessons.element,
    };
    this.tabs = tabs({
      label: l10n.t('Live lab state'),
      idPrefix: 'main-',
      selected: s.tab,
      onSelect: (id) => this.save({ tab: id as TabId }),
      tabs: TAB_IDS.map((id) => ({ id, label: labels[id], testId: `tab-${id}`, withBadge: id !== 'load' && id !== 'lessons', content: views[id] })),
    });
    this.header.setPaused(s.paused);
    if (s.lastLoad) this.load.showResult(s.lastLoad);
    root.replaceChildren(h('div', { class: 'panel' }, this.header.element, h('main', { class: 'panel-main' }, this.tabs.element)));
  }

  start(): void {
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
    post({ type: 'ready' });
  }

  receive(data: unknown): void {
    const parsed = parseHostMessage(data);
    if (!parsed.ok) {
      console.warn(`LVS Lab panel: ignored a message that does not fit the protocol (${parsed.error})`);
      return;
    }
    this.handle(parsed.message);
  }

  private handle(m: HostMessage): void {
    switch (m.type) {
      case 'init': {
        this.lab = m.lab;
        this.header.setLab(m.lab);
        // A repeated init (same lab, panel reloaded by the host) must not forget node states already known.
        if (this.nodes) this.header.setNodes(this.nodes);
        this.services.setLab(m.lab);
        this.sockets.setLab(m.lab);
        this.load.setLab(m.lab, this.state.loadForm ?? m.loadDefaults);
        this.setPaused(m.paused);
        break;
      }
      case 'snapshot': {
        const directorError = this.lab ? m.errors[this.lab.director] : undefined;
        this.header.setSnapshot(m.readAt, m.durationMs, m.errors);
        const readAt = Date.parse(m.readAt);
        this.connections.setSnapshot(m.conns, m.services, Number.isNaN(readAt) ? Date.now() : readAt, directorError);
        this.services.setServices(m.services, directorError);
        this.services.setHealth(m.health);
        this.sockets.setSockets(m.sockets, m.errors);
        this.tabs.setBadge('connections', m.conns ? formatCount(m.conns.length) : '!');
        this.tabs.setBadge('services', m.services ? formatCount(m.services.length) : '!');
        this.tabs.setBadge('sockets', formatCount(Object.values(m.sockets).reduce((n, list) => n + list.length, 0)));
        break;
      }
      case 'nodes': {
        this.nodes = m.nodes;
        this.header.setNodes(m.nodes);
        const names = nodeNamesByIp(m.nodes);
        this.connections.setNodeNames(names);
        this.services.setNodeNames(names);
        break;
      }
      case 'paused':
        this.setPaused(m.paused);
        break;
      case 'loadStarted':
        this.load.started(m);
        break;
      case 'loadProgress':
        this.load.setProgress(m.done, m.total);
        break;
      case 'loadResult': {
        const { type: _type, ...outcome } = m;
        const lastLoad = { ...outcome, at: new Date().toISOString() };
        this.load.showResult(lastLoad);
        this.save({ lastLoad });
        break;
      }
      case 'loadError':
        this.load.failed(m.message);
        break;
      case 'showConnections':
        // The Connections side view's link: its data here, filtered as clicked.
        this.tabs.select('connections');
        this.connections.setFilter(m.filter);
        this.save({ tab: 'connections' });
        break;
      case 'lessonStarted':
        // A lesson run from the palette shows its result here: bring the tab forward.
        this.tabs.select('lessons');
        this.save({ tab: 'lessons' });
        this.lessons.handle(m);
        break;
      case 'traceResult':
      case 'arpResult':
      case 'l4Result':
      case 'drillResult':
      case 'lessonNote':
      case 'lessonError':
        this.lessons.handle(m);
        break;
    }
  }

  private setPaused(paused: boolean): void {
    this.header.setPaused(paused);
    if (paused !== this.state.paused) this.save({ paused });
  }

  private save(change: Partial<PanelState>): void {
    this.state = { ...this.state, ...change };
    saveState(this.state);
  }
}
