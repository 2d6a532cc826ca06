/**
 * ECharts options of the churn-over-time charts, built from the response alone (plain objects, so they
 * are tested without a canvas). Tooltips are HTML with classes only (the CSP forbids inline styles).
 */
import type { ChurnOverTimeResponse } from '@shared/contract/retention';
import type { EChartsCoreOption } from '../../../charts/echarts';
import { axisStyle, chartTheme, chartTitle, escapeHtml, tooltipBox } from '../../../charts/theme';
import { formatCount } from '../../../ui/format';
import { formatMoney, mrrUnit, periodWords, shareOrDash, unseenChurn } from './churn-view-model';

export const churnColors = {
  newCustomers: '#2456c4',
  reactivated: '#0f7b8a',
  churned: chartTheme.churn,
  rate: '#7b3fa0',
  newMrr: '#2456c4',
  expansion: '#1a7f37',
  reactivation: '#0f7b8a',
  contraction: '#e39a88',
  churnedMrr: chartTheme.churn,
  netRevenueChurn: '#1b2128',
  grossRevenueChurn: '#8a5a00',
};

/** Diagonal hatching over the bars of a period that is not over. */
const hatch = {
  symbol: 'rect',
  symbolSize: 1,
  color: 'rgba(255, 255, 255, 0.75)',
  dashArrayX: [1, 0],
  dashArrayY: [3, 3],
  rotation: -Math.PI / 4,
};

interface AxisParam {
  dataIndex: number;
}

function firstIndex(params: unknown): number {
  const list = Array.isArray(params) ? params : [params];
  const first = list[0] as AxisParam | undefined;
  return first?.dataIndex ?? -1;
}

function percent(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value * 10000) / 100;
}

function tipRow(swatch: string, label: string, value: string): string {
  return `<div class="rt-tip-row"><span class="rt-swatch rt-swatch-${swatch}"></span><span class="rt-tip-label">${escapeHtml(label)}</span><span class="rt-tip-num">${escapeHtml(value)}</span></div>`;
}

/** The axis tooltip of a per-period chart: the period (marked when it is not over yet) and its rows. */
function periodTooltip<P extends { period: string; complete: boolean }>(
  periods: readonly P[],
  rows: (period: P) => string[],
) {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    ...tooltipBox,
    formatter: (params: unknown) => {
      const p = periods[firstIndex(params)];
      if (!p) return '';
      return (
        `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(p.period)}${p.complete ? '' : ' (not over yet)'}</div>` +
        rows(p).join('') +
        `</div>`
      );
    },
  };
}

/** The category axis of the periods, named by the period unit ("Month"). */
function periodAxis(periods: readonly { period: string }[], unitName: string) {
  return {
    type: 'category',
    data: periods.map((p) => p.period),
    ...axisStyle(unitName[0]!.toUpperCase() + unitName.slice(1), 28),
    axisTick: { alignWithLabel: true },
    splitLine: { show: false },
  };
}

/** A bar value, lighter and hatched in an incomplete period. */
function bar(value: number, complete: boolean) {
  return complete ? value : { value, itemStyle: { opacity: 0.5, decal: hatch } };
}

/** The rate line split in two: solid over complete periods, dashed into the incomplete last one. */
function rateLines(values: (number | null)[], complete: boolean[]): [(number | null)[], (number | null)[]] {
  const solid = values.map((v, i) => (complete[i] ? v : null));
  const dashed = values.map((v, i) => {
    const lastComplete = i + 1 < values.length && complete[i] && !complete[i + 1];
    return !complete[i] || lastComplete ? v : null;
  });
  return [solid, dashed];
}

/**
 * Gray bands behind an incomplete last period ("not over") and, with a non-contractual definition, behind
 * the recent periods that cannot show churn yet.
 */
function shadedAreas(
  periods: readonly { period: string; complete: boolean }[],
  unseenFrom: string | null = null,
) {
  const data: object[] = [];
  const last = periods[periods.length - 1];
  const incomplete = last && !last.complete ? last.period : null;
  if (unseenFrom !== null) {
    const until = periods[periods.length - (incomplete ? 2 : 1)]?.period;
    if (until && until >= unseenFrom) {
      data.push([
        {
          xAxis: unseenFrom,
          itemStyle: { color: 'rgba(180, 35, 24, 0.05)' },
          label: { formatter: 'churn not visible yet', color: chartTheme.gapText },
        },
        { xAxis: until },
      ]);
    }
  }
  if (incomplete) data.push([{ xAxis: incomplete, label: { formatter: 'not over' } }, { xAxis: incomplete }]);
  if (data.length === 0) return undefined;
  return {
    silent: true,
    itemStyle: { color: 'rgba(100, 110, 120, 0.08)' },
    label: { show: true, position: 'insideTop', color: chartTheme.faint, fontSize: 11 },
    data,
  };
}

/**
 * The gap between a vertical axis and its name: the widest tick label (about 7 px a character at 12 px)
 * and some air, so the name never sits on the labels however wide they are.
 */
function nameGapFor(labels: string[]): number {
  return Math.max(...labels.map((label) => label.length), 1) * 7 + 14;
}

/** A tick of a percent axis: "2.5", "10", "-5". */
function formatRateTick(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** A nice step for about `parts` intervals up to `max`: 1, 2, 2.5 or 5 × 10^n. */
function niceStep(max: number, parts: number): number {
  const raw = max / parts;
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw - 1e-12) ?? 10) * power;
}

/**
 * Two value axes whose zero lines and ticks coincide: four intervals above zero on both, and below it as
 * many as the deeper of the two needs.
 */
export function alignedAxes(
  left: { min: number; max: number },
  right: { min: number; max: number },
): {
  left: { min: number; max: number; interval: number };
  right: { min: number; max: number; interval: number };
} {
  const up = 4;
  const leftStep = niceStep(Math.max(left.max, 1e-9), up);
  const rightStep = niceStep(Math.max(right.max, 1e-9), up);
  const down = Math.max(
    0,
    Math.ceil(-Math.min(0, left.min) / leftStep - 1e-9),
    Math.ceil(-Math.min(0, right.min) / rightStep - 1e-9),
  );
  return {
    left: { min: -down * leftStep, max: up * leftStep, interval: leftStep },
    right: { min: -down * rightStep, max: up * rightStep, interval: rightStep },
  };
}

function zoomFor(count: number) {
  if (count <= 40) return { dataZoom: undefined, bottom: 40 };
  return {
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, startValue: count - 40, endValue: count - 1 },
      { type: 'slider', xAxisIndex: 0, height: 16, bottom: 6, startValue: count - 40, endValue: count - 1 },
    ],
    bottom: 64,
  };
}

const legendStyle = {
  top: 58,
  left: 0,
  itemWidth: 14,
  itemHeight: 10,
  textStyle: { color: chartTheme.text, fontSize: 12 },
};

/** New and reactivated customers up, churned down, and the churn rate on a second axis (%). */
export function customerChartOption(response: ChurnOverTimeResponse, caption: string): EChartsCoreOption {
  const periods = response.periods;
  const complete = periods.map((p) => p.complete);
  const [rateSolid, rateDashed] = rateLines(
    periods.map((p) => percent(p.churnRate)),
    complete,
  );
  const zoom = zoomFor(periods.length);
  const unit = periodWords[response.period];
  const maxRate = Math.max(1, ...periods.map((p) => (p.churnRate ?? 0) * 100));
  // Zero customers and a 0% churn rate on one line; the rate axis shows no labels below it.
  const axes = alignedAxes(
    {
      min: -Math.max(0, ...periods.map((p) => p.churned)),
      max: Math.max(1, ...periods.map((p) => p.newCustomers + p.reactivated)),
    },
    { min: 0, max: maxRate },
  );
  return {
    animationDuration: 300,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    title: chartTitle(`${unit.adjective} customers gained and lost, and the churn rate`, caption),
    legend: {
      ...legendStyle,
      data: ['New', 'Reactivated', 'Churned', 'Churn rate'],
    },
    grid: { left: 24, right: 24, top: 100, bottom: zoom.bottom, containLabel: true },
    ...(zoom.dataZoom ? { dataZoom: zoom.dataZoom } : {}),
    tooltip: periodTooltip(periods, (p) => [
      tipRow('muted', 'Customers at start', formatCount(p.customersAtStart)),
      tipRow('new', 'New', formatCount(p.newCustomers)),
      tipRow('reactivated', 'Reactivated', formatCount(p.reactivated)),
      tipRow('churned', 'Churned', formatCount(p.churned)),
      tipRow('muted', 'Customers at end', formatCount(p.customersAtEnd)),
      tipRow('rate', 'Churn rate', shareOrDash(p.churnRate)),
    ]),
    xAxis: periodAxis(periods, unit.one),
    yAxis: [
      {
        type: 'value',
        ...axisStyle(
          'Customers (churned below zero)',
          nameGapFor([formatCount(axes.left.max), formatCount(-axes.left.min)]),
        ),
        ...axes.left,
        axisLabel: {
          color: chartTheme.muted,
          formatter: (value: number) => formatCount(Math.abs(value)),
        },
      },
      {
        type: 'value',
        ...axisStyle('Churn rate (%)', nameGapFor([`${formatRateTick(axes.right.max)}%`])),
        ...axes.right,
        splitLine: { show: false },
        axisLabel: {
          color: chartTheme.muted,
          formatter: (value: number) => (value < 0 ? '' : `${formatRateTick(value)}%`),
        },
      },
    ],
    series: [
      {
        name: 'New',
        type: 'bar',
        stack: 'customers',
        barMaxWidth: 26,
        itemStyle: { color: churnColors.newCustomers },
        data: periods.map((p) => bar(p.newCustomers, p.complete)),
        markArea: shadedAreas(periods, unseenChurn(response)?.period ?? null),
      },
      {
        name: 'Reactivated',
        type: 'bar',
        stack: 'customers',
        itemStyle: { color: churnColors.reactivated },
        data: periods.map((p) => bar(p.reactivated, p.complete)),
      },
      {
        name: 'Churned',
        type: 'bar',
        stack: 'customers',
        itemStyle: { color: churnColors.churned },
        data: periods.map((p) => bar(-p.churned, p.complete)),
      },
      {
        name: 'Churn rate',
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 5,
        itemStyle: { color: churnColors.rate },
        lineStyle: { width: 2 },
        data: rateSolid,
      },
      {
        name: 'Churn rate',
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 5,
        symbol: 'emptyCircle',
        itemStyle: { color: churnColors.rate },
        lineStyle: { width: 2, type: 'dashed' },
        data: rateDashed,
        tooltip: { show: false },
      },
    ],
  };
}

/** Stacked MRR movements (new, expansion, reactivation up; contraction, churned down) and the revenue churn lines. */
export function mrrChartOption(response: ChurnOverTimeResponse, caption: string): EChartsCoreOption {
  const mrr = response.mrr;
  const periods = mrr?.periods ?? [];
  const currency = mrr?.currency ?? null;
  const complete = periods.map((p) => p.complete);
  const [netSolid, netDashed] = rateLines(
    periods.map((p) => percent(p.netRevenueChurn)),
    complete,
  );
  const [grossSolid, grossDashed] = rateLines(
    periods.map((p) => percent(p.grossRevenueChurn)),
    complete,
  );
  const zoom = zoomFor(periods.length);
  const unit = periodWords[response.period];
  const rates = periods
    .flatMap((p) => [p.netRevenueChurn ?? 0, p.grossRevenueChurn ?? 0])
    .map((v) => v * 100);
  const axes = alignedAxes(
    {
      min: -Math.max(0, ...periods.map((p) => p.contraction + p.churned)),
      max: Math.max(0, ...periods.map((p) => p.newMrr + p.expansion + p.reactivation)),
    },
    { min: Math.min(0, ...rates), max: Math.max(1, ...rates) },
  );
  const money = (value: number) => formatMoney(value, currency);
  const lineSeries = (
    name: string,
    color: string,
    solid: (number | null)[],
    dashed: (number | null)[],
    type: 'solid' | 'dotted',
  ) => [
    {
      name,
      type: 'line',
      yAxisIndex: 1,
      symbolSize: 5,
      itemStyle: { color },
      lineStyle: { width: 2, type },
      data: solid,
    },
    {
      name,
      type: 'line',
      yAxisIndex: 1,
      symbolSize: 5,
      symbol: 'emptyCircle',
      itemStyle: { color },
      lineStyle: { width: 2, type: 'dashed' },
      data: dashed,
      tooltip: { show: false },
    },
  ];
  const barSeries = (name: string, color: string, values: number[], sign: 1 | -1) => ({
    name,
    type: 'bar',
    stack: 'mrr',
    barMaxWidth: 26,
    itemStyle: { color },
    data: values.map((value, i) => bar(sign * value, complete[i] ?? true)),
  });
  return {
    animationDuration: 300,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    title: chartTitle(`${unit.adjective} MRR movements and revenue churn`, caption),
    legend: {
      ...legendStyle,
      data: [
        'New',
        'Expansion',
        'Reactivation',
        'Contraction',
        'Churned',
        'Net revenue churn',
        'Gross revenue churn',
      ],
    },
    grid: { left: 24, right: 24, top: 100, bottom: zoom.bottom, containLabel: true },
    ...(zoom.dataZoom ? { dataZoom: zoom.dataZoom } : {}),
    tooltip: periodTooltip(periods, (p) => [
      tipRow('muted', 'MRR at start', money(p.mrrAtStart)),
      tipRow('new', 'New', `+${money(p.newMrr)}`),
      tipRow('expansion', 'Expansion', `+${money(p.expansion)}`),
      tipRow('reactivated', 'Reactivation', `+${money(p.reactivation)}`),
      tipRow('contraction', 'Contraction', `−${money(p.contraction)}`),
      tipRow('churned', 'Churned', `−${money(p.churned)}`),
      tipRow('muted', 'MRR at end', money(p.mrrAtEnd)),
      tipRow('net', 'Net revenue churn', shareOrDash(p.netRevenueChurn)),
      tipRow('gross', 'Gross revenue churn', shareOrDash(p.grossRevenueChurn)),
    ]),
    xAxis: periodAxis(periods, unit.one),
    yAxis: [
      {
        type: 'value',
        ...axisStyle(
          `${mrrUnit(currency)}, losses below zero`,
          nameGapFor([formatMoney(axes.left.max, null), formatMoney(-axes.left.min, null)]),
        ),
        ...axes.left,
        axisLabel: {
          color: chartTheme.muted,
          formatter: (value: number) => formatMoney(Math.abs(value), null),
        },
      },
      {
        type: 'value',
        ...axisStyle(
          'Revenue churn (%)',
          nameGapFor([`${formatRateTick(axes.right.max)}%`, `${formatRateTick(axes.right.min)}%`]),
        ),
        ...axes.right,
        splitLine: { show: false },
        axisLabel: { color: chartTheme.muted, formatter: (value: number) => `${formatRateTick(value)}%` },
      },
    ],
    series: [
      {
        ...barSeries(
          'New',
          churnColors.newMrr,
          periods.map((p) => p.newMrr),
          1,
        ),
        markArea: shadedAreas(periods),
      },
      barSeries(
        'Expansion',
        churnColors.expansion,
        periods.map((p) => p.expansion),
        1,
      ),
      barSeries(
        'Reactivation',
        churnColors.reactivation,
        periods.map((p) => p.reactivation),
        1,
      ),
      barSeries(
        'Contraction',
        churnColors.contraction,
        periods.map((p) => p.contraction),
        -1,
      ),
      barSeries(
        'Churned',
        churnColors.churnedMrr,
        periods.map((p) => p.churned),
        -1,
      ),
      ...lineSeries('Net revenue churn', churnColors.netRevenueChurn, netSolid, netDashed, 'solid'),
      ...lineSeries('Gross revenue churn', churnColors.grossRevenueChurn, grossSolid, grossDashed, 'dotted'),
    ],
  };
}
