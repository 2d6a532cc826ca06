import type { Driver } from '@shared/contract/drivers';
import type { EChartsCoreOption } from '../../../charts/echarts';
import {
  axisStyle,
  chartAnimation,
  chartTheme,
  chartTitle,
  escapeHtml,
  tooltipBox,
} from '../../../charts/theme';
import { formatCount } from '../../../ui/format';
import { formatPercent, formatShareInterval } from '../survival/stats-format';

interface RenderApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
}

/** A Wilson interval as a whisker with caps, and the share written past its upper end: [lower, upper, row, share]. */
function whiskerRenderer() {
  return (_params: unknown, api: RenderApi) => {
    const row = api.value(2);
    const [x0 = 0, y = 0] = api.coord([api.value(0), row]);
    const [x1 = 0] = api.coord([api.value(1), row]);
    const cap = 5;
    const style = { stroke: chartTheme.text, lineWidth: 1.2 };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: x0, y1: y, x2: x1, y2: y }, style },
        { type: 'line', shape: { x1: x0, y1: y - cap, x2: x0, y2: y + cap }, style },
        { type: 'line', shape: { x1: x1, y1: y - cap, x2: x1, y2: y + cap }, style },
        {
          type: 'text',
          x: x1 + 6,
          y,
          style: {
            text: formatPercent(api.value(3) / 100),
            fill: chartTheme.text,
            fontSize: 12,
            verticalAlign: 'middle',
            fontFamily: chartTheme.font,
          },
        },
      ],
    };
  };
}

export function driverChartHeight(groups: number): number {
  return Math.max(260, 160 + groups * 36);
}

/**
 * Churn share per group of one driver as horizontal bars with their Wilson 95% intervals, darker where
 * a group churns more than everybody, and the base rate as a reference line.
 */
export function driverChartOption(
  driver: Driver,
  baseRate: number,
  title: string,
  subtext: string,
): EChartsCoreOption {
  const groups = driver.groups;
  const top = Math.max(baseRate, ...groups.map((group) => group.upper));
  const longest = Math.max(4, ...groups.map((group) => group.label.length));
  const tip = (params: { dataIndex: number }) => {
    const group = groups[params.dataIndex];
    if (!group) return '';
    const lift = group.lift === null ? '' : ` · ${group.lift.toFixed(2)}× the base rate`;
    return (
      `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(driver.name)}: ${escapeHtml(group.label)}</div>` +
      `<div class="chart-tip-value">${formatPercent(group.share)} churned${lift}</div>` +
      `<div class="chart-tip-counts">95% CI ${formatShareInterval(group.lower, group.upper)} · ${formatCount(group.churned)} of ${formatCount(group.customers)} customers</div></div>`
    );
  };
  return {
    animation: chartAnimation(),
    animationDuration: 300,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    // Two lines of subtext (caption, then the grouping): the chart shares the row with the ranking.
    title: {
      ...chartTitle(title, subtext),
      subtextStyle: {
        ...chartTitle(title, subtext).subtextStyle,
        width: 520,
        overflow: 'break',
        lineHeight: 16,
      },
    },
    grid: { left: 8, right: 56, top: 104, bottom: 44, containLabel: true },
    tooltip: { trigger: 'item', ...tooltipBox, formatter: tip },
    xAxis: {
      type: 'value',
      min: 0,
      max: Math.min(100, Math.ceil((top * 100 * 1.08) / 10) * 10 || 10),
      ...axisStyle('Churn share (%)', 28),
      axisLabel: { color: chartTheme.muted, formatter: '{value}%' },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: groups.map((group) => group.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: chartTheme.axis } },
      axisLabel: {
        color: chartTheme.text,
        fontSize: 12.5,
        width: Math.min(220, Math.max(80, longest * 7.5)),
        overflow: 'truncate',
      },
    },
    series: [
      {
        type: 'bar',
        name: 'Churn share',
        barMaxWidth: 24,
        data: groups.map((group) => ({
          value: group.share * 100,
          itemStyle: {
            color: group.share > baseRate ? chartTheme.churnAboveBase : chartTheme.churnBelowBase,
            borderRadius: [0, 3, 3, 0],
          },
        })),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: chartTheme.base, type: 'dashed', width: 1.5 },
          label: {
            formatter: `All customers ${formatPercent(baseRate)}`,
            position: 'start',
            align: 'left',
            padding: [0, 0, 0, 4],
            color: chartTheme.base,
            fontSize: 12,
          },
          data: [{ xAxis: baseRate * 100 }],
        },
      },
      {
        type: 'custom',
        name: 'Wilson 95% interval',
        renderItem: whiskerRenderer(),
        data: groups.map((group, index) => [group.lower * 100, group.upper * 100, index, group.share * 100]),
        encode: { x: [0, 1], y: 2 },
        silent: true,
        z: 3,
        tooltip: { show: false },
      },
    ],
  };
}
