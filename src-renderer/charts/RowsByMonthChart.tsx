import { useMemo } from 'react';
import { formatCount, plural } from '../ui/format';
import { EChart } from './EChart';
import type { EChartsCoreOption } from './echarts';
import { chartTheme, escapeHtml, tooltipBox } from './theme';

interface TooltipParam {
  dataIndex: number;
}

/** Every month from the first to the last (yyyy-mm), with the rows of those that have any and 0 for the rest. */
export function fillMonths(rows: { month: string; rows: number }[]): { month: string; rows: number }[] {
  if (rows.length === 0) return [];
  const byMonth = new Map(rows.map((entry) => [entry.month.slice(0, 7), entry.rows]));
  const sorted = [...byMonth.keys()].sort();
  const [firstYear, firstMonth] = sorted[0]!.split('-').map(Number) as [number, number];
  const [lastYear, lastMonth] = sorted[sorted.length - 1]!.split('-').map(Number) as [number, number];
  const filled: { month: string; rows: number }[] = [];
  // Bounded: 1,200 months is a century of data; anything longer is not a month series.
  for (let year = firstYear, month = firstMonth; filled.length < 1200;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    filled.push({ month: key, rows: byMonth.get(key) ?? 0 });
    if (year === lastYear && month === lastMonth) break;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return filled;
}

/** Runs of months without rows: [first, last] index pairs. */
export function gapRuns(months: { rows: number }[]): [number, number][] {
  const runs: [number, number][] = [];
  months.forEach((entry, index) => {
    if (entry.rows > 0) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === index - 1) last[1] = index;
    else runs.push([index, index]);
  });
  return runs;
}

/**
 * Rows per month of one dataset, every month of its range on the axis, so a month without rows shows as a
 * gap (shaded) rather than silently closing up: a missing month of orders looks exactly like churn.
 */
export function RowsByMonthChart({
  rowsByMonth,
  title,
  unit,
}: {
  rowsByMonth: { month: string; rows: number }[];
  title: string;
  /** What a row is, plural ("orders"), for the axis and tooltip. */
  unit: string;
}) {
  const months = useMemo(() => fillMonths(rowsByMonth), [rowsByMonth]);
  const gaps = useMemo(() => gapRuns(months), [months]);
  const option = useMemo<EChartsCoreOption>(() => {
    const top = Math.max(1, ...months.map((entry) => entry.rows));
    return {
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
      title: {
        text: title,
        subtext: gaps.length
          ? `${plural(
              gaps.reduce((n, [a, b]) => n + b - a + 1, 0),
              'month',
            )} without any ${unit} (shaded)`
          : `Every month from ${months[0]?.month ?? ''} to ${months[months.length - 1]?.month ?? ''} has ${unit}`,
        left: 0,
        top: 0,
        textStyle: { fontSize: 14, fontWeight: 600, color: chartTheme.text },
        subtextStyle: { fontSize: 12, color: gaps.length ? chartTheme.gapText : chartTheme.muted },
      },
      grid: { left: 8, right: 16, top: 84, bottom: 40, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: TooltipParam[]) => {
          const entry = months[params[0]?.dataIndex ?? -1];
          if (!entry) return '';
          return (
            `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(entry.month)}</div>` +
            `<div class="chart-tip-counts">${entry.rows ? `${formatCount(entry.rows)} ${escapeHtml(unit)}` : `no ${escapeHtml(unit)}: a gap`}</div></div>`
          );
        },
        ...tooltipBox,
      },
      xAxis: {
        type: 'category',
        name: 'Month',
        nameLocation: 'middle',
        nameGap: 26,
        nameTextStyle: { color: chartTheme.muted, fontSize: 12 },
        data: months.map((entry) => entry.month),
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: chartTheme.axis } },
        axisLabel: { color: chartTheme.muted, fontSize: 11, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        name: `${unit[0]?.toUpperCase() ?? ''}${unit.slice(1)} per month`,
        nameTextStyle: { color: chartTheme.muted, fontSize: 12, align: 'left' },
        axisLabel: { color: chartTheme.muted },
        splitLine: { lineStyle: { color: chartTheme.grid } },
        minInterval: 1,
      },
      series: [
        {
          // Behind the counts: a full-height pale band on each month without rows, so a gap stands out.
          type: 'bar',
          name: 'gap',
          silent: true,
          barCategoryGap: '8%',
          barGap: '-100%',
          z: 1,
          data: months.map((entry) => (entry.rows === 0 ? top : '-')),
          itemStyle: { color: chartTheme.gapArea },
          label: {
            show: true,
            position: 'insideTop',
            color: chartTheme.gapText,
            fontSize: 11,
            formatter: 'gap',
          },
        },
        {
          type: 'bar',
          name: unit,
          barCategoryGap: '8%',
          z: 2,
          data: months.map((entry) => entry.rows),
          itemStyle: { color: chartTheme.neutral, borderRadius: [2, 2, 0, 0] },
        },
      ],
    };
  }, [months, gaps, title, unit]);
  const gapText = gaps.length
    ? ` Months without rows: ${gaps.map(([a, b]) => (a === b ? months[a]!.month : `${months[a]!.month} to ${months[b]!.month}`)).join(', ')}.`
    : '';
  return (
    <EChart
      option={option}
      height={250}
      label={`${title}: ${months.length} months from ${months[0]?.month ?? ''} to ${months[months.length - 1]?.month ?? ''}.${gapText}`}
      testId="rows-by-month-chart"
    />
  );
}
