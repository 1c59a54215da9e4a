// Requests per backend as a bar chart, the predicted split as outlined bars beside them; a measured bar that does
// not match the prediction is outlined in the theme's error colour. Chart.js draws on a canvas, so its colours
// are read from the theme's CSS variables and re-read when the theme changes. Only the pieces a bar chart needs
// are registered.
import * as l10n from '@vscode/l10n';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { SplitRow } from '../../src/core/loadRows';
import { h } from '../dom';
import { formatCount, formatPercent } from '../format';
import { onThemeChange, themeColor } from '../themeColors';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip);

/** One colour per backend, in order; VS Code's chart palette. */
const PALETTE = [
  '--vscode-charts-blue',
  '--vscode-charts-green',
  '--vscode-charts-orange',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
];

export class LoadChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private chart: Chart<'bar', (number | null)[]> | null = null;
  private rows: SplitRow[] = [];
  private predicted = false;

  constructor() {
    this.canvas = h('canvas', { 'data-testid': 'load-chart', role: 'img', 'aria-label': l10n.t('Requests per backend') });
    this.element = h('div', { class: 'chart-box' }, this.canvas);
    onThemeChange(() => this.applyTheme());
  }

  /** The rows of the load table; `predicted`: whether there is a prediction to draw. */
  setRows(rows: SplitRow[], predicted: boolean): void {
    this.rows = rows;
    this.predicted = predicted;
    const text = (r: SplitRow) =>
      [
        `${r.backend} ${r.count} (${formatPercent(r.percent)})`,
        predicted ? l10n.t('predicted {0}', r.predicted === null ? l10n.t('none') : String(r.predicted)) : '',
        predicted && r.matches === false ? l10n.t('does not match') : '',
      ]
        .filter(Boolean)
        .join(', ');
    this.canvas.setAttribute('aria-label', l10n.t('Requests per backend: {0}', rows.map(text).join('; ') || l10n.t('none')));
    if (!this.chart) this.chart = this.create();
    const data = this.chart.data;
    data.labels = rows.map((r) => r.backend);
    data.datasets[0].data = rows.map((r) => r.count);
    data.datasets[1].data = predicted ? rows.map((r) => r.predicted) : [];
    data.datasets[1].hidden = !predicted;
    this.applyTheme();
  }

  private create(): Chart<'bar', (number | null)[]> {
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    return new Chart(this.canvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { label: l10n.t('Measured'), data: [], borderWidth: 0, maxBarThickness: 72 },
          { label: l10n.t('Predicted'), data: [], borderWidth: 2, maxBarThickness: 72 },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 250 },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                const r = this.rows[item.dataIndex];
                if (!r) return '';
                if (item.datasetIndex === 1) {
                  const predictedText = l10n.t('predicted {0}', r.predicted === null ? l10n.t('none') : formatCount(r.predicted));
                  return r.matches === false ? l10n.t('{0} (does not match)', predictedText) : predictedText;
                }
                return l10n.t('{0} requests ({1})', formatCount(r.count), formatPercent(r.percent));
              },
            },
          },
        },
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: l10n.t('Requests') } },
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
    const bad = themeColor('--vscode-errorForeground');
    const family = themeColor('--vscode-font-family');
    const size = parseFloat(themeColor('--vscode-font-size')) || 13;
    const [measured, predicted] = chart.data.datasets;
    measured.backgroundColor = this.rows.map((_, i) => themeColor(PALETTE[i % PALETTE.length]));
    measured.borderColor = this.rows.map((r) => (r.matches === false ? bad : 'transparent'));
    measured.borderWidth = this.rows.map((r) => (r.matches === false ? 3 : 0));
    predicted.backgroundColor = 'transparent';
    predicted.borderColor = this.rows.map((r) => (r.matches === false ? bad : muted));
    chart.options.color = fg;
    chart.options.font = { family, size };
    const legend = chart.options.plugins!.legend!;
    legend.display = this.predicted;
    legend.labels = { ...legend.labels, color: fg };
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
