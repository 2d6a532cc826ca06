import type { EChartsCoreOption } from '../../../charts/echarts';
import {
  axisStyle,
  chartAnimation,
  chartTheme,
  chartTitle,
  escapeHtml,
  tooltipBox,
} from '../../../charts/theme';
import { formatHazardRatio, formatPCell, formatSignificant } from '../survival/stats-format';
import { logAxisRange, type ForestRow } from './cox-model';

interface RenderApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
  size(value: number[]): number[];
}

/** A horizontal interval with end caps: data [lower, upper, row]. */
function intervalRenderer(colour: string) {
  return (_params: unknown, api: RenderApi) => {
    const row = api.value(2);
    const [x0 = 0, y = 0] = api.coord([api.value(0), row]);
    const [x1 = 0] = api.coord([api.value(1), row]);
    const cap = 5;
    const style = { stroke: colour, lineWidth: 1.6 };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: x0, y1: y, x2: x1, y2: y }, style },
        { type: 'line', shape: { x1: x0, y1: y - cap, x2: x0, y2: y + cap }, style },
        { type: 'line', shape: { x1: x1, y1: y - cap, x2: x1, y2: y + cap }, style },
      ],
    };
  };
}

/** Height of the forest plot for this many rows. */
export function forestHeight(rows: number): number {
  return 150 + rows * 34;
}

/**
 * Hazard ratios with their 95% intervals on a log axis (equal distances for halving and doubling),
 * one row per term, each categorical covariate's reference level drawn as an open circle at 1.
 */
export function forestOption(rows: readonly ForestRow[], title: string, subtext: string): EChartsCoreOption {
  const range = logAxisRange(rows);
  const max = range.max > range.min ? range.max : range.min * 10;
  const intervals = rows.flatMap((row, index) => {
    const c = row.coefficient;
    return c && c.lower !== null && c.upper !== null ? [[c.lower, c.upper, index]] : [];
  });
  const estimates = rows.flatMap((row, index) => {
    const hr = row.coefficient?.hazardRatio;
    return hr !== null && hr !== undefined ? [{ value: [hr, index], row: index }] : [];
  });
  const references = rows.flatMap((row, index) => (row.reference ? [{ value: [1, index], row: index }] : []));
  const longest = Math.max(8, ...rows.map((row) => row.label.length));

  const tip = (params: { data?: { row?: number } }) => {
    const row = rows[params.data?.row ?? -1];
    if (!row) return '';
    const c = row.coefficient;
    if (!c || row.reference) {
      return `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(row.label)}</div><div class="chart-tip-counts">Reference level: the others are compared with it</div></div>`;
    }
    return (
      `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(row.label)}</div>` +
      `<div class="chart-tip-value">Hazard ratio ${formatHazardRatio(c.hazardRatio)}</div>` +
      `<div class="chart-tip-counts">95% CI ${formatHazardRatio(c.lower)}–${formatHazardRatio(c.upper)} · p ${escapeHtml(formatPCell(c.p))}</div></div>`
    );
  };

  return {
    animation: chartAnimation(),
    animationDuration: 300,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    title: chartTitle(title, subtext),
    grid: { left: 16, right: 40, top: 86, bottom: 44, containLabel: true },
    tooltip: { trigger: 'item', ...tooltipBox, formatter: tip },
    xAxis: {
      type: 'log',
      logBase: 10,
      min: range.min,
      max,
      ...axisStyle('Hazard ratio (log scale)', 28),
      axisLabel: { color: chartTheme.muted, formatter: (value: number) => formatSignificant(value) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((row) => (row.reference ? `${row.label} (reference)` : row.label)),
      axisTick: { show: false },
      axisLine: { show: false },
      splitLine: { show: true, lineStyle: { color: chartTheme.grid } },
      axisLabel: {
        color: chartTheme.text,
        fontSize: 12.5,
        width: Math.min(280, Math.max(90, (longest + 12) * 7)),
        overflow: 'truncate',
      },
    },
    series: [
      {
        type: 'custom',
        name: 'Interval',
        renderItem: intervalRenderer(chartTheme.base),
        data: intervals,
        encode: { x: [0, 1], y: 2 },
        silent: true,
        z: 2,
        tooltip: { show: false },
      },
      {
        type: 'scatter',
        name: 'Hazard ratio',
        symbol: 'rect',
        symbolSize: 10,
        itemStyle: { color: chartTheme.base },
        data: estimates,
        z: 3,
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: chartTheme.muted, type: 'dashed', width: 1.2 },
          label: {
            show: true,
            position: 'start',
            formatter: '1 = same hazard as the reference',
            color: chartTheme.muted,
            fontSize: 11,
          },
          data: [{ xAxis: 1 }],
        },
      },
      {
        type: 'scatter',
        name: 'Reference',
        symbol: 'circle',
        symbolSize: 9,
        itemStyle: { color: '#ffffff', borderColor: chartTheme.muted, borderWidth: 1.5 },
        data: references,
        z: 3,
      },
    ],
  };
}
