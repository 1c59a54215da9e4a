// Requests per backend as a bar chart. Chart.js draws on a canvas, so its colours are read from the theme's
// CSS variables and re-read when the theme changes. Only the pieces a bar chart needs are registered.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { LoadStatsMessage } from '../../src/protocol/messages';
import { h } from '../dom';
import { formatCount, formatPercent } from '../format';
import { onThemeChange, themeColor } from '../themeColors';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** One colour per backend, in order; VS Code's chart palette. */
const PALETTE = [
  '--vscode-charts-blue',
  '--vscode-charts-green',
  '--vscode-charts-orange',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
];

type Backends = LoadStatsMessage['backends'];

export class LoadChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private chart: Chart<'bar'> | null = null;
  private backends: Backends = [];

  constructor() {
    this.canvas = h('canvas', { 'data-testid': 'load-chart', role: 'img', 'aria-label': 'Requests per backend' });
    this.element = h('div', { class: 'chart-box' }, this.canvas);
    onThemeChange(() => this.applyTheme());
  }

  setBackends(backends: Backends): void {
    this.backends = backends;
    this.canvas.setAttribute(
      'aria-label',
      `Requests per backend: ${backends.map((b) => `${b.backend} ${b.count} (${formatPercent(b.percent)})`).join(', ') || 'none'}`,
    );
    if (!this.chart) this.chart = this.create();
    const data = this.chart.data;
    data.labels = backends.map((b) => b.backend);
    data.datasets[0].data = backends.map((b) => b.count);
    this.applyTheme();
  }

  private create(): Chart<'bar'> {
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    return new Chart(this.canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'Requests', data: [], borderWidth: 0, maxBarThickness: 72 }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 250 },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const b = this.backends[item.dataIndex];
                return b ? `${formatCount(b.count)} requests (${formatPercent(b.percent)})` : '';
              },
            },
          },
        },
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Requests' } },
        },
      },
    });
  }

  private applyTheme(): void {
    const chart = this.chart;
    if (!chart) return;
    const fg = themeColor('--vscode-foreground');
    const muted = themeColor('--vscode-descriptionForeground');
    const grid = themeColor('--vscode-editorWidget-border', '--vscode-panel-border');
    const family = themeColor('--vscode-font-family');
    const size = parseFloat(themeColor('--vscode-font-size')) || 13;
    chart.data.datasets[0].backgroundColor = this.backends.map((_, i) => themeColor(PALETTE[i % PALETTE.length]));
    chart.options.color = fg;
    chart.options.font = { family, size };
    const scales = chart.options.scales!;
    for (const axis of [scales.x!, scales.y!]) {
      axis.ticks = { ...axis.ticks, color: muted };
      axis.grid = { ...axis.grid, color: grid };
      axis.border = { ...axis.border, color: grid };
    }
    (scales.y as { title: { color?: string } }).title.color = muted;
    const tooltip = chart.options.plugins!.tooltip!;
    tooltip.backgroundColor = themeColor('--vscode-editorHoverWidget-background', '--vscode-editor-background');
    tooltip.borderColor = themeColor('--vscode-editorHoverWidget-border', '--vscode-panel-border');
    tooltip.borderWidth = 1;
    tooltip.titleColor = themeColor('--vscode-editorHoverWidget-foreground');
    tooltip.bodyColor = themeColor('--vscode-editorHoverWidget-foreground');
    chart.update();
  }
}
