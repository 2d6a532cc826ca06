import { useMemo } from 'react';
import type { ChurnByAttribute } from '@shared/contract/overview';
import { formatCount, formatShare } from '../ui/format';
import { EChart } from './EChart';
import type { EChartsCoreOption } from './echarts';
import { chartTheme, escapeHtml } from './theme';

interface TooltipParam {
  dataIndex: number;
}

/**
 * Churn share per group of one attribute as horizontal bars (long labels such as "Bank transfer
 * (automatic)" stay readable), with the value on each bar, the counts in the tooltip and the
 * share over all customers as a reference line.
 */
export function ChurnShareChart({ data }: { data: ChurnByAttribute }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const groups = data.groups;
    const maxShare = Math.max(data.baseRate, ...groups.map((group) => group.share));
    const longestLabel = Math.max(...groups.map((group) => group.label.length), 4);
    return {
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
      title: {
        text: `Churn share by ${data.name}`,
        subtext: `${data.grouping} · darker bars churn more than all customers together`,
        left: 0,
        top: 0,
        textStyle: { fontSize: 15, fontWeight: 600, color: chartTheme.text },
        subtextStyle: { fontSize: 12, color: chartTheme.muted },
      },
      grid: {
        left: 8,
        right: 64,
        top: 74,
        bottom: 44,
        containLabel: true,
      },
      tooltip: {
        trigger: 'item',
        // Tooltip HTML must carry no inline styles: the page's CSP (style-src 'self') would block them.
        // Classes come from overview.css.
        formatter: (params: TooltipParam) => {
          const group = groups[params.dataIndex];
          if (!group) return '';
          return (
            `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(data.name)}: ${escapeHtml(group.label)}</div>` +
            `<div class="chart-tip-value">${formatShare(group.share)} churned</div>` +
            `<div class="chart-tip-counts">${formatCount(group.churned)} of ${formatCount(group.customers)} customers</div></div>`
          );
        },
        backgroundColor: '#ffffff',
        borderColor: chartTheme.axis,
        padding: [8, 10],
        extraCssText: 'box-shadow: 0 4px 14px rgba(16,24,40,0.16);',
      },
      xAxis: {
        type: 'value',
        name: 'Churn share (%)',
        nameLocation: 'middle',
        nameGap: 28,
        nameTextStyle: { color: chartTheme.muted, fontSize: 12 },
        min: 0,
        max: Math.min(100, Math.ceil((maxShare * 100 * 1.12) / 5) * 5 || 5),
        axisLabel: { color: chartTheme.muted, formatter: '{value}%' },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      yAxis: {
        type: 'category',
        name: data.name,
        // The axis is inverted (first group on top), so its start is the top.
        nameLocation: 'start',
        nameGap: 10,
        nameTextStyle: { color: chartTheme.muted, fontSize: 12, align: 'right', padding: [0, 8, 0, 0] },
        inverse: true,
        data: groups.map((group) => group.label),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: chartTheme.axis } },
        axisLabel: {
          color: chartTheme.text,
          fontSize: 12.5,
          width: Math.min(220, Math.max(80, longestLabel * 7.5)),
          overflow: 'truncate',
        },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 28,
          data: groups.map((group) => ({
            value: Number((group.share * 100).toFixed(2)),
            itemStyle: {
              color: group.share > data.baseRate ? chartTheme.churnAboveBase : chartTheme.churnBelowBase,
              borderRadius: [0, 3, 3, 0],
            },
          })),
          label: {
            show: true,
            position: 'right',
            color: chartTheme.text,
            fontSize: 12,
            formatter: (params: TooltipParam) => {
              const group = groups[params.dataIndex];
              return group ? formatShare(group.share) : '';
            },
          },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: chartTheme.base, type: 'dashed', width: 1.5 },
            label: {
              formatter: `All customers ${formatShare(data.baseRate)}`,
              // The value axis runs left to right and the line top to bottom: its start is the top.
              position: 'start',
              // Text starts at the line and runs right, so a low base rate never pushes it over the
              // category axis name on the left.
              align: 'left',
              padding: [0, 0, 0, 4],
              color: chartTheme.base,
              fontSize: 12,
            },
            data: [{ xAxis: Number((data.baseRate * 100).toFixed(2)) }],
          },
        },
      ],
    };
  }, [data]);

  const height = Math.max(260, 130 + data.groups.length * 38);
  const summary = data.groups.map((group) => `${group.label} ${formatShare(group.share)}`).join(', ');
  return (
    <EChart
      option={option}
      height={height}
      label={`Churn share by ${data.name}: ${summary}. All customers: ${formatShare(data.baseRate)}.`}
      testId="churn-chart"
    />
  );
}
