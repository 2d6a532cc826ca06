import type { SurvivalCurves } from '@shared/contract/survival';
import type { EChartsCoreOption } from '../../../charts/echarts';
import {
  axisStyle,
  chartAnimation,
  chartTheme,
  chartTitle,
  escapeHtml,
  seriesPalette,
  tooltipBox,
} from '../../../charts/theme';
import { survivalAt } from './at-risk';
import { formatPercent, formatTime } from './stats-format';

export const confWords: Record<SurvivalCurves['conf'], string> = {
  log: 'log',
  'log-log': 'log-log',
  plain: 'plain',
};

/** The colour of the i-th curve (and its class in tooltips: .km-swatch-i). */
export function curveColour(index: number): string {
  return seriesPalette[index % seriesPalette.length] as string;
}

/** Hex colour with an alpha, for the confidence bands. */
function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

interface RenderApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
}

/** Draws one rectangle of a step band per data item: [from, to, lower %, upper %]. */
function bandRenderer(fill: string) {
  return (_params: unknown, api: RenderApi) => {
    const [x0 = 0, yTop = 0] = api.coord([api.value(0), api.value(3)]);
    const [x1 = 0, yBottom = 0] = api.coord([api.value(1), api.value(2)]);
    return {
      type: 'rect',
      shape: { x: x0, y: yTop, width: Math.max(0, x1 - x0), height: Math.max(0, yBottom - yTop) },
      style: { fill },
    };
  };
}

/**
 * Lines the legend wraps onto, estimated from its labels (about 7 px a character at 12.5 px, plus the
 * key and the gap) over a chart about 900 px wide: the grid leaves that much room below the axis.
 */
export function legendRowCount(labels: readonly string[], width = 900): number {
  if (labels.length <= 1) return 0;
  const total = labels.reduce((sum, label) => sum + label.length * 7 + 40, 0);
  return Math.max(1, Math.ceil(total / width));
}

export interface SurvivalChartOptions {
  curves: SurvivalCurves;
  title: string;
  subtext: string;
  axisMax: number;
  axisStep: number;
  bands: boolean;
  censorMarks: boolean;
}

/**
 * Kaplan–Meier curves as steps (step 'end': S(tᵢ) holds until the next time), each with its confidence
 * band (a custom series of rectangles, one per step, so the band steps exactly like the curve), optional
 * censoring marks, the 50% line and a drop line at each group's median.
 */
export function survivalChartOption(options: SurvivalChartOptions): EChartsCoreOption {
  const { curves, axisMax } = options;
  const unit = curves.unit;
  const groups = curves.groups;
  const series: object[] = [];

  groups.forEach((group, index) => {
    const colour = curveColour(index);
    const first = group.points[0];
    const steps: [number, number][] = [];
    if (!first || first.time > 0) steps.push([0, 100]);
    for (const point of group.points) steps.push([point.time, point.survival * 100]);
    const median = group.median.value;
    series.push({
      type: 'line',
      name: group.key,
      step: 'end',
      showSymbol: false,
      symbol: 'none',
      data: steps,
      color: colour,
      lineStyle: { width: 2, color: colour },
      z: 3,
      emphasis: { disabled: true },
      markLine:
        median === null
          ? undefined
          : {
              silent: true,
              symbol: 'none',
              lineStyle: { color: colour, type: 'dashed', width: 1.2 },
              label: {
                show: true,
                // Above the 50% line, clear of the tenure axis's labels.
                position: 'end',
                formatter: String(Number(median.toFixed(1))),
                color: colour,
                fontSize: 11,
                fontWeight: 600,
                distance: 2,
              },
              data: [[{ coord: [median, 0] }, { coord: [median, 50] }]],
            },
    });
    if (options.bands) {
      const rects: [number, number, number, number][] = [];
      const points = group.points;
      for (let i = 0; i < points.length - 1; i++) {
        const point = points[i]!;
        const next = points[i + 1]!;
        const lower = point.lower ?? point.survival;
        const upper = point.upper ?? point.survival;
        rects.push([point.time, next.time, lower * 100, upper * 100]);
      }
      series.push({
        type: 'custom',
        name: group.key,
        renderItem: bandRenderer(withAlpha(colour, groups.length > 2 ? 0.12 : 0.16)),
        data: rects,
        encode: { x: [0, 1], y: [2, 3] },
        silent: true,
        clip: true,
        z: 1,
        tooltip: { show: false },
      });
    }
    if (options.censorMarks) {
      series.push({
        type: 'scatter',
        name: group.key,
        symbol: 'rect',
        symbolSize: [1.5, 7],
        silent: true,
        color: colour,
        itemStyle: { color: colour },
        data: group.points
          .filter((point) => point.censored > 0)
          .map((point) => [point.time, point.survival * 100]),
        z: 4,
        tooltip: { show: false },
      });
    }
  });

  // The 50% line the medians drop from; not in the legend.
  series.push({
    type: 'line',
    name: 'median-line',
    data: [],
    silent: true,
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: chartTheme.faint, type: 'dashed', width: 1 },
      label: {
        show: true,
        // At the left, where every curve is still near 100%, so no curve runs through the words.
        position: 'insideStartTop',
        formatter: 'Median (50%)',
        color: chartTheme.muted,
        fontSize: 11,
      },
      data: [{ yAxis: 50 }],
    },
  });

  const legendRows = legendRowCount(groups.map((group) => group.key));
  return {
    animation: chartAnimation(),
    animationDuration: 300,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    title: chartTitle(options.title, options.subtext),
    legend: {
      show: groups.length > 1,
      data: groups.map((group) => group.key),
      bottom: 0,
      left: 'center',
      icon: 'roundRect',
      itemWidth: 18,
      itemHeight: 4,
      textStyle: { color: chartTheme.text, fontSize: 12.5 },
    },
    grid: {
      left: 16,
      right: 24,
      top: 84,
      bottom: groups.length > 1 ? 34 + legendRows * 22 : 30,
      containLabel: true,
    },
    tooltip: {
      trigger: 'axis',
      ...tooltipBox,
      axisPointer: { type: 'line', lineStyle: { color: chartTheme.axis } },
      formatter: (params: { axisValue?: number | string }[]) => {
        const t = Number(params[0]?.axisValue ?? 0);
        const rows = groups
          .map((group, index) => {
            const share = survivalAt(group.points, t);
            return (
              `<div class="km-tip-row"><span class="km-swatch km-swatch-${index % seriesPalette.length}"></span>` +
              `<span class="km-tip-name">${escapeHtml(group.key)}</span>` +
              `<span class="km-tip-value">${formatPercent(share)}</span></div>`
            );
          })
          .join('');
        return `<div class="chart-tip"><div class="chart-tip-title">After ${escapeHtml(formatTime(t, unit))}</div>${rows}<div class="chart-tip-counts">Share still customers</div></div>`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: axisMax,
      interval: options.axisStep,
      ...axisStyle(unit === 'months' ? 'Tenure (months)' : 'Tenure (days)', 28),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: 25,
      ...axisStyle('Share still customers (%)', 44),
      axisLabel: { color: chartTheme.muted, formatter: '{value}%' },
    },
    series,
  };
}
