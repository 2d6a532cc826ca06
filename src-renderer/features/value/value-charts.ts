import type { ClvSummary, FitResult, RfmResult, SbgResult } from '@shared/contract/value';
import type { ChartData } from '../../charts/chart-export';
import type { EChartsCoreOption } from '../../charts/echarts';
import { bottomLegend, chartBase, rowTooltip, tooltipHtml } from '../../charts/option-parts';
import { axisStyle, chartTheme, seriesPalette, tooltipBox } from '../../charts/theme';
import { formatCount } from '../../ui/format';
import {
  formatDecimal,
  formatEstimate,
  formatMoney,
  formatPercent,
  formatRate,
  modelLabels,
  segmentColors,
  segmentOrder,
  unitLabels,
} from './value-model';

/**
 * ECharts options of the Value views (pure: tested without a DOM) and the data behind each chart for
 * its CSV export. Tooltips are HTML with classes only (the CSP forbids inline styles).
 */

const actualColor = seriesPalette[0]!;
const modelColor = seriesPalette[1]!;

/** "Week" from "week": a unit or period at the start of a title. */
function capitalised(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

/** The subtitle every purchase-model chart carries: which model, which periods, which unit. */
export function fitCaption(fit: FitResult): string {
  const holdout =
    fit.holdoutLength > 0 ? `, hold-out ${fit.calibrationEnd} to ${fit.holdoutEnd}` : ', no hold-out';
  return `${modelLabels[fit.model]} · calibration ${fit.firstPurchase} to ${fit.calibrationEnd}${holdout} · ${formatCount(fit.customers)} customers · time in ${unitLabels[fit.unit]}`;
}

// ─── RFM grid ────────────────────────────────────────────────────────────────────────────────────────

interface GridParam {
  data?: { value?: number[] };
}

/**
 * The 5×5 recency × frequency grid: each cell a count of customers, coloured by its segment (a
 * piecewise visual map over the segment's index doubles as the legend), labelled with the segment.
 */
export function rfmGridOption(result: RfmResult): EChartsCoreOption {
  const cells = result.grid.map((cell) => ({
    value: [cell.f - 1, cell.r - 1, segmentOrder.indexOf(cell.segment), cell.customers, cell.revenue],
    name: cell.segment,
    // An empty cell still shows its segment, faded: the grid's layout is the segment rule.
    ...(cell.customers === 0
      ? { itemStyle: { opacity: 0.35 }, label: { color: chartTheme.text, opacity: 0.8 } }
      : {}),
  }));
  const segmentOf = (value: number[] | undefined) => segmentOrder[value?.[2] ?? -1] ?? '';
  const scores = ['1', '2', '3', '4', '5'];
  return {
    ...chartBase(
      'Customers by recency and frequency score',
      `As of ${result.asOf} · ${formatCount(result.customers)} customers · score 5 = most recent / most frequent quintile`,
    ),
    animation: false,
    grid: { left: 80, right: 190, top: 84, bottom: 56 },
    tooltip: {
      trigger: 'item',
      ...tooltipBox,
      formatter: (param: GridParam) => {
        const v = param.data?.value ?? [];
        return tooltipHtml(segmentOf(v), [
          `Recency score ${(v[1] ?? 0) + 1}, frequency score ${(v[0] ?? 0) + 1}`,
          `${formatCount(v[3] ?? 0)} customers`,
          `Revenue ${formatMoney(v[4] ?? 0)}`,
          'Click to list these customers',
        ]);
      },
    },
    xAxis: {
      type: 'category',
      data: scores,
      ...axisStyle('Frequency score (1 = fewest orders, 5 = most)', 32),
      splitArea: { show: false },
      splitLine: { show: false },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'category',
      data: scores,
      ...axisStyle('Recency score (5 = bought most recently)', 40),
      splitLine: { show: false },
      axisTick: { show: false },
    },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      // Champions first, as in the table.
      inverse: true,
      orient: 'vertical',
      right: 0,
      top: 84,
      itemWidth: 14,
      itemHeight: 12,
      textStyle: { color: chartTheme.text, fontSize: 12 },
      selectedMode: false,
      pieces: segmentOrder.map((segment, index) => ({
        value: index,
        label: segment,
        color: segmentColors[segment],
      })),
    },
    series: [
      {
        name: 'Customers',
        type: 'heatmap',
        data: cells,
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: chartTheme.text, borderWidth: 2 } },
        label: {
          show: true,
          color: '#ffffff',
          fontSize: 11,
          lineHeight: 15,
          formatter: (param: GridParam) => {
            const v = param.data?.value ?? [];
            return `${segmentOf(v)}\n${formatCount(v[3] ?? 0)}`;
          },
        },
      },
    ],
  };
}

export function rfmGridData(result: RfmResult): ChartData {
  return {
    columns: ['recency_score', 'frequency_score', 'segment', 'customers', 'revenue'],
    rows: result.grid.map((c) => [c.r, c.f, c.segment, c.customers, c.revenue]),
  };
}

/** The segment under a click on the grid (the data item's name). */
export function segmentOfGridClick(param: { name?: unknown }): string | null {
  return typeof param.name === 'string' && (segmentOrder as readonly string[]).includes(param.name)
    ? param.name
    : null;
}

// ─── Hold-out check ──────────────────────────────────────────────────────────────────────────────────

/** Actual vs predicted mean hold-out repeat purchases, by the number of repeat purchases in calibration. */
export function holdoutOption(fit: FitResult): EChartsCoreOption {
  const rows = fit.holdoutByFrequency;
  return {
    ...chartBase('Hold-out check: purchases in the hold-out period', fitCaption(fit)),
    grid: { left: 70, right: 24, top: 96, bottom: 84 },
    legend: bottomLegend,
    tooltip: rowTooltip(rows, (row) => ({
      title: `${row.label} repeat purchases in calibration`,
      lines: [
        `${formatCount(row.customers)} customers`,
        `Actual mean: ${formatDecimal(row.actual)}`,
        `Predicted mean: ${formatDecimal(row.predicted)}`,
      ],
    })),
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      ...axisStyle('Repeat purchases in the calibration period', 30),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      ...axisStyle(
        `Mean purchases in the hold-out (${fit.holdoutLength.toFixed(0)} ${unitLabels[fit.unit]})`,
        44,
      ),
    },
    series: [
      { type: 'bar', name: 'Actual', data: rows.map((r) => r.actual), itemStyle: { color: actualColor } },
      {
        type: 'bar',
        name: 'Predicted by the model',
        data: rows.map((r) => r.predicted),
        itemStyle: { color: modelColor },
      },
    ],
  };
}

export function holdoutData(fit: FitResult): ChartData {
  return {
    columns: ['calibration_repeat_purchases', 'customers', 'actual_mean_holdout', 'predicted_mean_holdout'],
    rows: fit.holdoutByFrequency.map((r) => [r.label, r.customers, r.actual, r.predicted]),
  };
}

// ─── Cumulative tracking ─────────────────────────────────────────────────────────────────────────────

/** Cumulative repeat purchases per unit period, actual and predicted, with the calibration end marked. */
export function trackingOption(fit: FitResult): EChartsCoreOption {
  const rows = fit.tracking;
  const lastCalibration = [...rows].reverse().find((r) => r.calibration)?.period ?? null;
  const unit = fit.unit;
  return {
    ...chartBase('Cumulative repeat purchases: actual vs model', fitCaption(fit)),
    grid: { left: 80, right: 32, top: 96, bottom: 84 },
    legend: bottomLegend,
    tooltip: rowTooltip(rows, (row) => ({
      title: `${capitalised(unit)} ${row.period}${row.calibration ? ' (calibration)' : ' (hold-out)'}`,
      lines: [`Actual: ${formatCount(row.actual)}`, `Model: ${formatCount(row.predicted)}`],
    })),
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: rows.map((r) => String(r.period)),
      ...axisStyle(`${capitalised(unitLabels[unit])} since the first purchase in the data`, 30),
      splitLine: { show: false },
    },
    yAxis: { type: 'value', min: 0, ...axisStyle('Cumulative repeat purchases', 58) },
    series: [
      {
        type: 'line',
        name: 'Actual',
        data: rows.map((r) => r.actual),
        showSymbol: false,
        lineStyle: { width: 2, color: actualColor },
        itemStyle: { color: actualColor },
        ...(lastCalibration === null
          ? {}
          : {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: chartTheme.faint, type: 'dashed' },
                label: {
                  formatter: `Calibration end (${fit.calibrationEnd})`,
                  color: chartTheme.muted,
                  position: 'insideEndTop',
                },
                data: [{ xAxis: String(lastCalibration) }],
              },
            }),
      },
      {
        type: 'line',
        name: `${modelLabels[fit.model]} prediction`,
        data: rows.map((r) => r.predicted),
        showSymbol: false,
        lineStyle: { width: 2, color: modelColor, type: 'dashed' },
        itemStyle: { color: modelColor },
      },
    ],
  };
}

export function trackingData(fit: FitResult): ChartData {
  return {
    columns: [`${fit.unit}`, 'period', 'actual_cumulative', 'predicted_cumulative'],
    rows: fit.tracking.map((r) => [
      r.period,
      r.calibration ? 'calibration' : 'hold-out',
      r.actual,
      r.predicted,
    ]),
  };
}

// ─── Frequency × recency grids ───────────────────────────────────────────────────────────────────────

export type GridMeasure = 'pAlive' | 'expected';

const blues = ['#f4f7fd', '#c9d8f5', '#8eaee9', '#4f7fd6', '#2456c4', '#173b8c'];

function gridTitle(measure: GridMeasure, fit: FitResult): string {
  // Short: the two grids sit side by side, and the title must clear the export buttons.
  return measure === 'pAlive'
    ? 'P(alive)'
    : `Expected purchases, next ${formatDecimal(fit.grid.horizon)} ${unitLabels[fit.unit]}`;
}

/** P(alive) or expected purchases over frequency (x) × recency (t_x), for a customer of age T. */
export function frequencyRecencyOption(fit: FitResult, measure: GridMeasure): EChartsCoreOption {
  const { grid } = fit;
  const values = measure === 'pAlive' ? grid.pAlive : grid.expected;
  const data: [number, number, number][] = [];
  let max = 0;
  values.forEach((row, i) =>
    row.forEach((value, j) => {
      data.push([i, j, value]);
      max = Math.max(max, value);
    }),
  );
  const show = (value: number) => (measure === 'pAlive' ? formatPercent(value) : formatDecimal(value));
  const units = unitLabels[fit.unit];
  return {
    ...chartBase(
      gridTitle(measure, fit),
      `By frequency and recency · ${modelLabels[fit.model]} · customer age T = ${formatDecimal(grid.T)} ${units}`,
    ),
    animation: false,
    grid: { left: 74, right: 24, top: 110, bottom: 56 },
    tooltip: {
      trigger: 'item',
      ...tooltipBox,
      formatter: (param: { value?: [number, number, number] }) => {
        const [i = 0, j = 0, value = 0] = param.value ?? [];
        return tooltipHtml(
          measure === 'pAlive' ? `P(alive) ${show(value)}` : `${show(value)} expected purchases`,
          [
            `${formatCount(grid.x[i] ?? 0)} repeat purchases`,
            `last one at ${formatDecimal(grid.tx[j] ?? 0)} ${units} (recency t_x)`,
          ],
        );
      },
    },
    xAxis: {
      type: 'category',
      data: grid.x.map((x) => formatCount(x)),
      ...axisStyle('Repeat purchases x (frequency)', 30),
      splitArea: { show: false },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'category',
      data: grid.tx.map((t) => formatDecimal(t)),
      ...axisStyle(`Recency t_x (${units})`, 46),
      splitLine: { show: false },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: measure === 'pAlive' ? 1 : Math.max(max, 0.01),
      calculable: false,
      orient: 'horizontal',
      right: 24,
      top: 58,
      itemWidth: 10,
      itemHeight: 160,
      text: [show(measure === 'pAlive' ? 1 : max), show(0)],
      textStyle: { color: chartTheme.muted, fontSize: 11 },
      inRange: { color: blues },
    },
    series: [
      {
        type: 'heatmap',
        name: measure === 'pAlive' ? 'P(alive)' : 'Expected purchases',
        data,
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        label: {
          show: grid.x.length <= 12,
          fontSize: 10,
          color: chartTheme.text,
          formatter: (param: { value: [number, number, number] }) => show(param.value[2]),
        },
      },
    ],
  };
}

export function frequencyRecencyData(fit: FitResult, measure: GridMeasure): ChartData {
  const values = measure === 'pAlive' ? fit.grid.pAlive : fit.grid.expected;
  const rows: (number | null)[][] = [];
  fit.grid.x.forEach((x, i) =>
    fit.grid.tx.forEach((tx, j) => rows.push([x, tx, fit.grid.T, values[i]?.[j] ?? null])),
  );
  return { columns: ['x', 'tx', 'T', measure === 'pAlive' ? 'p_alive' : 'expected_purchases'], rows };
}

// ─── CLV deciles ─────────────────────────────────────────────────────────────────────────────────────

/** Total CLV of each decile (10 = the top 10% of customers by CLV). */
export function clvDecilesOption(summary: ClvSummary, caption: string): EChartsCoreOption {
  const deciles = [...summary.deciles].sort((a, b) => b.decile - a.decile);
  return {
    ...chartBase('CLV by decile', caption),
    grid: { left: 86, right: 24, top: 86, bottom: 56 },
    tooltip: rowTooltip(deciles, (d) => ({
      title: `Decile ${d.decile}`,
      lines: [
        `${formatCount(d.customers)} customers`,
        `Total CLV ${formatMoney(d.total)}`,
        `CLV from ${formatMoney(d.minClv)} to ${formatMoney(d.maxClv)}`,
      ],
    })),
    xAxis: {
      type: 'category',
      data: deciles.map((d) => String(d.decile)),
      ...axisStyle('CLV decile (10 = top 10% of customers)', 30),
      splitLine: { show: false },
    },
    yAxis: { type: 'value', min: 0, ...axisStyle('Total CLV (data currency)', 66) },
    series: [
      {
        type: 'bar',
        name: 'Total CLV',
        data: deciles.map((d) => d.total),
        itemStyle: { color: chartTheme.neutral },
        barMaxWidth: 48,
      },
    ],
  };
}

export function clvDecilesData(summary: ClvSummary): ChartData {
  return {
    columns: ['decile', 'customers', 'min_clv', 'max_clv', 'total_clv'],
    rows: summary.deciles.map((d) => [d.decile, d.customers, d.minClv, d.maxClv, d.total]),
  };
}

// ─── sBG survival ────────────────────────────────────────────────────────────────────────────────────

/** The fitted survival curve S(t) as a line, the observed shares as points, projection shaded. */
export function sbgOption(result: SbgResult): EChartsCoreOption {
  const rows = result.projected;
  const observed = rows.filter((r) => r.actual !== null).length;
  const period = result.periodLabel;
  return {
    ...chartBase(
      'Survival: shifted-beta-geometric model vs actual',
      `α = ${formatEstimate(result.alpha)}, β = ${formatEstimate(result.beta)} · fitted on ${Math.max(0, observed - 1)} ${period}s, then projected · discount ${formatRate(result.discount)} a ${period}`,
    ),
    grid: { left: 70, right: 32, top: 96, bottom: 84 },
    legend: bottomLegend,
    tooltip: rowTooltip(rows, (row) => ({
      title: `${capitalised(period)} ${row.period}`,
      lines: [
        `Model S(t): ${formatPercent(row.survival)}`,
        `Actual: ${row.actual === null ? 'not observed' : formatPercent(row.actual)}`,
        ...(row.retention === null ? [] : [`Retention rate: ${formatPercent(row.retention)}`]),
      ],
    })),
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: rows.map((r) => String(r.period)),
      ...axisStyle(`${capitalised(period)}s since the start`, 30),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      ...axisStyle('Share of customers still subscribed', 46),
      axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      {
        type: 'line',
        name: 'Model S(t)',
        data: rows.map((r) => r.survival),
        showSymbol: false,
        lineStyle: { width: 2, color: modelColor },
        itemStyle: { color: modelColor },
        ...(observed > 0 && observed < rows.length
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: 'rgba(100, 110, 120, 0.08)' },
                label: {
                  show: true,
                  position: 'insideTop',
                  color: chartTheme.muted,
                  formatter: 'Projection',
                },
                data: [[{ xAxis: String(observed - 1) }, { xAxis: String(rows[rows.length - 1]!.period) }]],
              },
            }
          : {}),
      },
      {
        type: 'scatter',
        name: 'Actual',
        data: rows.map((r) => r.actual ?? '-'),
        symbolSize: 8,
        itemStyle: { color: actualColor },
      },
    ],
  };
}

export function sbgData(result: SbgResult): ChartData {
  return {
    columns: [result.periodLabel, 'model_survival', 'actual_survival', 'retention_rate'],
    rows: result.projected.map((r) => [r.period, r.survival, r.actual, r.retention]),
  };
}
