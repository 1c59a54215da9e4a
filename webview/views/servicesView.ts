// Services tab: each virtual service with its real servers, `ipvsadm -Ln` joined with --stats and --rate.
import * as l10n from '@vscode/l10n';
import type { HealthMessage, LabInfo, VirtualService } from '../../src/protocol/messages';
import { button } from '../components/button';
import { h, replaceChildren, setText } from '../dom';
import { addressIp, formatBytes, formatCount } from '../format';
import { FORWARD_MODES, SCHEDULER_NAMES, textFor } from '../labText';
import { CODE_MARKS, withCode } from '../richText';
import { HealthChecksView } from './healthChecks';

type Dest = VirtualService['destinations'][number];
type Counters = NonNullable<Dest['stats']>;
type Rates = NonNullable<Dest['rate']>;

/** A column: ipvsadm's own name (not translated) and what it means, as a header tooltip (looked up when drawn). */
interface Field {
  key: string;
  title: string;
  help: () => string;
  bytes?: boolean;
}

const STATS: (Field & { key: keyof Counters })[] = [
  { key: 'conns', title: 'Conns', help: () => l10n.t('Connections scheduled since the service was created') },
  { key: 'inPkts', title: 'InPkts', help: () => l10n.t('Packets in (client → real server)') },
  { key: 'outPkts', title: 'OutPkts', help: () => l10n.t('Packets out through the director (0 in DR and TUN: replies bypass it)') },
  { key: 'inBytes', title: 'InBytes', help: () => l10n.t('Bytes in'), bytes: true },
  { key: 'outBytes', title: 'OutBytes', help: () => l10n.t('Bytes out through the director'), bytes: true },
];
const RATES: (Field & { key: keyof Rates })[] = [
  { key: 'cps', title: 'CPS', help: () => l10n.t('Connections per second') },
  { key: 'inPPS', title: 'InPPS', help: () => l10n.t('Packets in per second') },
  { key: 'outPPS', title: 'OutPPS', help: () => l10n.t('Packets out per second') },
  { key: 'inBPS', title: 'InBPS', help: () => l10n.t('Bytes in per second'), bytes: true },
  { key: 'outBPS', title: 'OutBPS', help: () => l10n.t('Bytes out per second'), bytes: true },
];

export class ServicesView {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'service-list' });
  private readonly status = h('p', { class: 'muted status-text', role: 'status' }, l10n.t('Waiting for the first reading…'));
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
      { class: 'view services-view', 'aria-label': l10n.t('Services') },
      h(
        'p',
        { class: 'view-caption' },
        ...withCode(l10n.t('Virtual services and their real servers: {0}, {1} and {2} on the director.', ...CODE_MARKS), 'ipvsadm -Ln', '--stats', '--rate'),
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
    if (services === null)
      setText(
        this.status,
        error ? l10n.t("The director's virtual services could not be read:\n{0}", error) : l10n.t("The director's virtual services could not be read."),
      );
    else if (services.length === 0) setText(this.status, l10n.t('No virtual services yet: the lab step that runs ipvsadm -A on the director adds them.'));
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
        l10n.t('OutPkts stays 0 in {0} mode: the real servers answer the client directly, so replies never pass the director.', this.lab!.mode.toUpperCase()),
      );
  }

  private buildService(s: VirtualService): HTMLElement {
    const scheduler = textFor(SCHEDULER_NAMES, s.scheduler);
    const group = (title: string, span: number, help: string) => h('th', { scope: 'colgroup', colspan: span, class: 'group', title: help }, title);
    const th = (f: { title: string; help: () => string }) => h('th', { scope: 'col', class: 'num', title: f.help() }, f.title);
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { rowspan: 2, scope: 'col' }, l10n.t('Real server')),
        group('ipvsadm -Ln', 4, l10n.t('Configuration and current connections')),
        group(l10n.t('--stats (total)'), 5, l10n.t('Counters since the service was created')),
        group(l10n.t('--rate (per second)'), 5, l10n.t('Recent rates, averaged by the kernel over a few seconds')),
      ),
      h(
        'tr',
        {},
        h('th', { scope: 'col', title: l10n.t('Forwarding method: Route = DR (-g), Masq = NAT (-m), Tunnel = TUN (-i)') }, 'Forward'),
        th({ title: 'Weight', help: () => l10n.t('Scheduling weight (-w)') }),
        th({ title: 'ActiveConn', help: () => l10n.t('Connections in ESTABLISHED') }),
        th({ title: 'InActConn', help: () => l10n.t('Connections in any other state (e.g. FIN_WAIT, SYN_RECV)') }),
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
    if (s.destinations.length === 0) body.append(h('tr', {}, h('td', { colspan: 15, class: 'muted' }, l10n.t('No real servers: add them with ipvsadm -a.'))));
    const foot = h('tfoot', {}, this.row(s.key, '', h('th', { scope: 'row' }, l10n.t('Service total')), h('td', {})));
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
            label: l10n.t('Scheduler…'),
            appearance: 'secondary',
            testId: 'change-scheduler',
            title: l10n.t('Change the scheduler live'),
            onClick: () => this.onChange('scheduler'),
          }).element,
          button({
            label: l10n.t('Persistence…'),
            appearance: 'secondary',
            testId: 'change-persistence',
            title: l10n.t('Make connections stick to one real server, or stop it'),
            onClick: () => this.onChange('persistence'),
          }).element,
          button({
            label: l10n.t('Health checks…'),
            appearance: 'secondary',
            testId: 'change-health',
            title: l10n.t('Turn keepalived health checks on or off'),
            onClick: () => this.onChange('health'),
          }).element,
        ),
      ),
      h(
        'div',
        { class: 'table-scroll' },
        h('table', { class: 'data-table service-table', 'aria-label': l10n.t('Real servers of {0}', s.key) }, head, body, foot),
      ),
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
