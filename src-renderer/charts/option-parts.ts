import type { EChartsCoreOption } from './echarts';
import { chartAnimation, chartTheme, chartTitle, escapeHtml, tooltipBox } from './theme';

/**
 * Pieces of ECharts options that several analysis charts (Risk, Value) build the same way: the common
 * top of an option, the legend under the plot, and the HTML tooltip of a title over a few lines.
 */

/** The start of an analysis chart's option: animation (unless reduced motion), font, title block. */
export function chartBase(title: string, subtext: string): EChartsCoreOption {
  return {
    animation: chartAnimation(),
    animationDuration: 300,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    title: chartTitle(title, subtext),
  };
}

/** The legend centred under the plot, in muted text. */
export const bottomLegend = { bottom: 0, textStyle: { color: chartTheme.muted } };

/** A tooltip's HTML: a bold title over one line each; classes only, since the CSP forbids inline styles. */
export function tooltipHtml(title: string, lines: readonly string[]): string {
  return (
    `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(title)}</div>` +
    lines.map((line) => `<div class="chart-tip-counts">${escapeHtml(line)}</div>`).join('') +
    '</div>'
  );
}

/**
 * An axis-triggered tooltip over one row per category: `describe` gives the row's title and lines, and
 * an index outside the rows (the pointer between categories) shows nothing.
 */
export function rowTooltip<Row>(
  rows: readonly Row[],
  describe: (row: Row) => { title: string; lines: readonly string[] },
) {
  return {
    trigger: 'axis' as const,
    ...tooltipBox,
    formatter: (params: { dataIndex: number }[]) => {
      const row = rows[params[0]?.dataIndex ?? -1];
      if (row === undefined) return '';
      const { title, lines } = describe(row);
      return tooltipHtml(title, lines);
    },
  };
}
