import { useMemo } from 'react';
import type { InterPurchaseTimes } from '@shared/contract/churn';
import { formatCount, formatShare } from '../ui/format';
import { EChart } from './EChart';
import type { EChartsCoreOption } from './echarts';
import { chartTheme, escapeHtml, tooltipBox } from './theme';

interface TooltipParam {
  dataIndex: number;
}

function binLabel(bin: { from: number; to: number }): string {
  return `${formatCount(bin.from)}–${formatCount(bin.to)}`;
}

/**
 * How long customers wait between two orders, as a histogram in days, with the inactivity window marked:
 * gaps longer than the window (shaded, in the churn colour) are silences long enough to count as churn.
 * A window is well chosen when few real gaps between orders are that long (Fader & Hardie's "buy till you
 * die" reading of non-contractual churn: silence, not a cancellation, is all the data shows).
 */
export function InterPurchaseChart({
  data,
  windowDays,
}: {
  data: InterPurchaseTimes;
  windowDays: number | null;
}) {
  const option = useMemo<EChartsCoreOption>(() => {
    const bins = data.histogram;
    const total = bins.reduce((sum, bin) => sum + bin.count, 0) || 1;
    const windowIndex =
      windowDays === null ? -1 : bins.findIndex((bin) => windowDays >= bin.from && windowDays < bin.to);
    const beyond = windowIndex === -1 && windowDays !== null && bins.length ? bins.length : windowIndex;
    const longer =
      windowDays === null
        ? 0
        : bins.filter((bin) => bin.from >= windowDays).reduce((sum, bin) => sum + bin.count, 0);
    const stats = [
      data.median !== null && `median ${formatCount(data.median)} days`,
      data.p90 !== null && `90% within ${formatCount(data.p90)} days`,
    ].filter(Boolean);
    return {
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
      title: {
        text: 'Days between a customer’s consecutive orders',
        subtext:
          `${formatCount(data.gaps)} gaps from ${formatCount(data.customersWithRepeatOrders)} customers with repeat orders` +
          (stats.length ? ` · ${stats.join(', ')}` : ''),
        left: 0,
        top: 0,
        textStyle: { fontSize: 15, fontWeight: 600, color: chartTheme.text },
        subtextStyle: { fontSize: 12, color: chartTheme.muted },
      },
      grid: { left: 8, right: 24, top: 78, bottom: 48, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (params: TooltipParam) => {
          const bin = bins[params.dataIndex];
          if (!bin) return '';
          return (
            `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(binLabel(bin))} days between orders</div>` +
            `<div class="chart-tip-counts">${formatCount(bin.count)} gaps (${formatShare(bin.count / total)})</div></div>`
          );
        },
        ...tooltipBox,
      },
      xAxis: {
        type: 'category',
        name: 'Days between orders',
        nameLocation: 'middle',
        nameGap: 30,
        nameTextStyle: { color: chartTheme.muted, fontSize: 12 },
        data: bins.map(binLabel),
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: chartTheme.axis } },
        axisLabel: { color: chartTheme.muted, fontSize: 11, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        name: 'Gaps (number of repeat orders)',
        nameTextStyle: { color: chartTheme.muted, fontSize: 12, align: 'left' },
        axisLabel: { color: chartTheme.muted },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      series: [
        {
          type: 'bar',
          barCategoryGap: '12%',
          data: bins.map((bin, index) => ({
            value: bin.count,
            itemStyle: {
              color: beyond !== -1 && index >= beyond ? chartTheme.churn : chartTheme.neutral,
              borderRadius: [2, 2, 0, 0],
            },
          })),
          ...(windowDays !== null && beyond !== -1 && beyond < bins.length
            ? {
                markArea: {
                  silent: true,
                  itemStyle: { color: 'rgba(200, 85, 61, 0.08)' },
                  label: {
                    show: true,
                    position: 'insideTopRight',
                    color: chartTheme.churn,
                    fontSize: 12,
                    formatter: `Longer than ${formatCount(windowDays)} days: churned (${formatShare(longer / total)} of gaps)`,
                  },
                  data: [[{ xAxis: beyond }, { xAxis: bins.length - 1 }]],
                },
                markLine: {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { color: chartTheme.churn, type: 'dashed', width: 1.5 },
                  label: {
                    formatter: `Window: ${formatCount(windowDays)} days`,
                    position: 'end',
                    color: chartTheme.churn,
                    fontSize: 12,
                  },
                  data: [{ xAxis: beyond }],
                },
              }
            : {}),
        },
      ],
    };
  }, [data, windowDays]);

  const summary = data.histogram.map((bin) => `${binLabel(bin)} days: ${bin.count}`).join(', ');
  return (
    <EChart
      option={option}
      height={340}
      label={`Histogram of days between consecutive orders${windowDays !== null ? `, inactivity window ${windowDays} days` : ''}: ${summary}.`}
      testId="inter-purchase-chart"
    />
  );
}
