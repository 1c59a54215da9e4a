// Services tab: each virtual service with its real servers, `ipvsadm -Ln` joined with --stats and --rate.
import type { HealthMessage, LabInfo, VirtualService } from '../../src/protocol/messages';
import { button } from '../components/button';
import { h, replaceChildren, setText } from '../dom';
import { addressIp, formatBytes, formatCount } from '../format';
import { FORWARD_MODES, SCHEDULER_NAMES, textFor } from '../labText';
import { HealthChecksView } from './healthChecks';

type Dest = VirtualService['destinations'][number];
type Counters = NonNullable<Dest['stats']>;
type Rates = NonNullable<Dest['rate']>;

interface Field {
  key: string;
  title: string;
  /** What the column means, as a header tooltip. */
  help: string;
  bytes?: boolean;
}

const STATS: (Field & { key: keyof Counters })[] = [
  { key: 'conns', title: 'Conns', help: 'Connections scheduled since the service was created' },
  { key: 'inPkts', title: 'InPkts', help: 'Packets in (client → real server)' },
  { key: 'outPkts', title: 'OutPkts', help: 'Packets out through the director (0 in DR and TUN: replies bypass it)' },
  { key: 'inBytes', title: 'InBytes', help: 'Bytes in', bytes: true },
  { key: 'outBytes', title: 'OutBytes', help: 'Bytes out through the director', bytes: true },
];
const RATES: (Field & { key: keyof Rates })[] = [
  { key: 'cps', title: 'CPS', help: 'Connections per second' },
  { key: 'inPPS', title: 'InPPS', help: 'Packets in per second' },
  { key: 'outPPS', title: 'OutPPS', help: 'Packets out per second' },
  { key: 'inBPS', title: 'InBPS', help: 'Bytes in per second', bytes: true },
  { key: 'outBPS', title: 'OutBPS', help: 'Bytes out per second', bytes: true },
];

export class ServicesView {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'service-list' });
  private readonly status = h('p', { class: 'muted status-text', role: 'status' }, 'Waiting for the first reading…');
  private readonly note = h('p', { class: 'notice notice-info', hidden: true });
  private shape = '';
  private cells = new Map<string, HTMLElement>();
  private names = new Map<string, string>();
  private lab: LabInfo | null = null;
  private readonly health = new HealthChecksView();

  /** `onChange` asks the extension to change the service live (it shows the pickers). */
  constructor(private readonly onChange: (what: 'scheduler' | 'persistence' | 'health') => void = () => undefined) {
    this.element = h(
      'section',
      { class: 'view services-view', 'aria-label': 'Services' },
      h(
        'p',
        { class: 'view-caption' },
        'Virtual services and their real servers: ',
        h('code', {}, 'ipvsadm -Ln'),
        ', ',
        h('code', {}, '--stats'),
        ' and ',
        h('code', {}, '--rate'),
        ' on the director.',
      ),
      this.status,
      this.note,
      this.list,
      this.health.element,
    );
  }

  setHealth(health: HealthMessage | null): void {
    this.health.set(health);
  }

  setLab(lab: LabInfo): void {
    this.lab = lab;
  }

  setNodeNames(names: Map<string, string>): void {
    this.names = names;
    this.health.setNodeNames(names);
    this.shape = '';
  }

  setServices(services: VirtualService[] | null, error: string | undefined): void {
    this.status.hidden = services !== null && services.length > 0;
    if (services === null) setText(this.status, `The director's virtual services could not be read${error ? `:\n${error}` : '.'}`);
    else if (services.length === 0) setText(this.status, 'No virtual services yet: the lab step that runs ipvsadm -A on the director adds them.');
    const list = services ?? [];
    const shape = list.map((s) => `${s.key} ${s.scheduler} ${s.flags.join(' ')}:${s.destinations.map((d) => `${d.address}/${d.forward}`).join(',')}`).join('|');
    if (shape !== this.shape) {
      this.shape = shape;
      this.cells.clear();
      replaceChildren(this.list, ...list.map((s) => this.buildService(s)));
    }
    for (const s of list) {
      for (const d of s.destinations) this.fillRow(s.key, d.address, d);
      this.fillRow(s.key, '', {
        weight: NaN,
        activeConn: sum(s.destinations, 'activeConn'),
        inActConn: sum(s.destinations, 'inActConn'),
        stats: s.stats,
        rate: s.rate,
      });
    }
    // In DR and TUN the replies go from the real servers straight to the client.
    const bypass = this.lab && this.lab.mode !== 'nat' && list.some((s) => s.stats && s.stats.inPkts > 0 && s.stats.outPkts === 0);
    this.note.hidden = !bypass;
    if (bypass)
      setText(
        this.note,
        `OutPkts stays 0 in ${this.lab!.mode.toUpperCase()} mode: the real servers answer the client directly, so replies never pass the director.`,
      );
  }

  private buildService(s: VirtualService): HTMLElement {
    const scheduler = textFor(SCHEDULER_NAMES, s.scheduler);
    const group = (title: string, span: number, help: string) => h('th', { scope: 'colgroup', colspan: span, class: 'group', title: help }, title);
    const th = (f: { title: string; help: string }) => h('th', { scope: 'col', class: 'num', title: f.help }, f.title);
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { rowspan: 2, scope: 'col' }, 'Real server'),
        group('ipvsadm -Ln', 4, 'Configuration and current connections'),
        group('--stats (total)', 5, 'Counters since the service was created'),
        group('--rate (per second)', 5, 'Recent rates, averaged by the kernel over a few seconds'),
      ),
      h(
        'tr',
        {},
        h('th', { scope: 'col', title: 'Forwarding method: Route = DR (-g), Masq = NAT (-m), Tunnel = TUN (-i)' }, 'Forward'),
        th({ title: 'Weight', help: 'Scheduling weight (-w)' }),
        th({ title: 'ActiveConn', help: 'Connections in ESTABLISHED' }),
        th({ title: 'InActConn', help: 'Connections in any other state (e.g. FIN_WAIT, SYN_RECV)' }),
        ...STATS.map(th),
        ...RATES.map(th),
      ),
    );
    const body = h(
      'tbody',
      {},
      ...s.destinations.map((d) => {
        const name = this.names.get(addressIp(d.address));
        return this.row(
          s.key,
          d.address,
          h('th', { scope: 'row' }, h('span', { class: 'mono' }, d.address), name ? h('span', { class: 'dest-name' }, ` ${name}`) : null),
          h('td', {}, `${d.forward} (${textFor(FORWARD_MODES, d.forward) ?? d.forward})`),
        );
      }),
    );
    if (s.destinations.length === 0) body.append(h('tr', {}, h('td', { colspan: 15, class: 'muted' }, 'No real servers: add them with ipvsadm -a.')));
    const foot = h('tfoot', {}, this.row(s.key, '', h('th', { scope: 'row' }, 'Service total'), h('td', {})));
    return h(
      'section',
      { class: 'service', 'data-testid': 'service', 'data-service': s.key },
      h(
        'h2',
        { class: 'service-title' },
        h('span', { class: 'mono' }, s.key),
        h('span', { class: 'service-meta' }, `${s.scheduler}${scheduler ? ` · ${scheduler}` : ''}${s.flags.length ? ` · ${s.flags.join(' ')}` : ''}`),
        h(
          'span',
          { class: 'service-actions' },
          button({
            label: 'Scheduler…',
            appearance: 'secondary',
            testId: 'change-scheduler',
            title: 'Change the scheduler live',
            onClick: () => this.onChange('scheduler'),
          }).element,
          button({
            label: 'Persistence…',
            appearance: 'secondary',
            testId: 'change-persistence',
            title: 'Make connections stick to one real server, or stop it',
            onClick: () => this.onChange('persistence'),
          }).element,
          button({
            label: 'Health checks…',
            appearance: 'secondary',
            testId: 'change-health',
            title: 'Turn keepalived health checks on or off',
            onClick: () => this.onChange('health'),
          }).element,
        ),
      ),
      h('div', { class: 'table-scroll' }, h('table', { class: 'data-table service-table', 'aria-label': `Real servers of ${s.key}` }, head, body, foot)),
    );
  }

  /** A row whose number cells are registered for later updates under service|dest|field. */
  private row(service: string, dest: string, first: HTMLElement, forward: HTMLElement): HTMLTableRowElement {
    const cell = (field: string) => {
      const td = h('td', { class: 'num', 'data-field': field });
      this.cells.set(`${service}|${dest}|${field}`, td);
      return td;
    };
    const fields = ['weight', 'activeConn', 'inActConn', ...STATS.map((f) => f.key), ...RATES.map((f) => f.key)];
    return h('tr', { 'data-service': service, 'data-dest': dest || 'total' }, first, forward, ...fields.map(cell));
  }

  private fillRow(service: string, dest: string, d: Pick<Dest, 'weight' | 'activeConn' | 'inActConn' | 'stats' | 'rate'>): void {
    const put = (field: string, value: number | null | undefined, bytes = false) => {
      const td = this.cells.get(`${service}|${dest}|${field}`);
      if (!td) return;
      const missing = value === null || value === undefined || Number.isNaN(value);
      setText(td, missing ? '' : bytes ? formatBytes(value) : formatCount(value));
      td.title = missing ? '' : formatCount(value);
    };
    put('weight', d.weight);
    put('activeConn', d.activeConn);
    put('inActConn', d.inActConn);
    for (const f of STATS) put(f.key, d.stats?.[f.key], f.bytes);
    for (const f of RATES) put(f.key, d.rate?.[f.key], f.bytes);
  }
}

function sum(dests: readonly Dest[], key: 'activeConn' | 'inActConn'): number {
  return dests.reduce((n, d) => n + d[key], 0);
}
