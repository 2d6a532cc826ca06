/**
 * ECharts options of the cohorts view: the retention heatmap and the average curve (plain objects built
 * from the response and its view-model). Tooltips are HTML with classes only (CSP).
 */
import type { CohortsResponse } from '@shared/contract/retention';
import type { EChartsCoreOption } from '../../../charts/echarts';
import { axisStyle, chartTheme, chartTitle, escapeHtml, tooltipBox } from '../../../charts/theme';
import { formatCount, formatShare } from '../../../ui/format';
import {
  averageCurve,
  cellWords,
  formatAmount,
  kAxisName,
  type HeatCell,
  type HeatmapModel,
} from './cohort-view-model';

/** Rows and columns shown at once before the heatmap scrolls (zoom sliders). */
export const visibleRows = 26;
export const visibleColumns = 26;

const scaleColors = ['#f4f7fd', '#c9d8f5', '#8eaee9', '#4f7fd6', '#2456c4', '#173b8c'];

const hatch = {
  symbol: 'rect',
  symbolSize: 1,
  color: 'rgba(100, 110, 120, 0.22)',
  dashArrayX: [1, 0],
  dashArrayY: [2, 4],
  rotation: -Math.PI / 4,
};

/** Pixel height of the heatmap for `rows` cohorts (capped: more scroll). */
export function heatmapHeight(rows: number): number {
  return 150 + Math.min(rows, visibleRows) * 26 + 70;
}

interface ItemParam {
  seriesIndex: number;
  dataIndex: number;
}

function cellText(percent: number | null): string {
  return percent === null ? '—' : `${Math.round(percent)}%`;
}

export function heatmapOption(
  response: CohortsResponse,
  model: HeatmapModel,
  caption: string,
  title: string,
): EChartsCoreOption {
  const rows = model.rows.length;
  const columns = model.columns.length;
  const zoomRows = rows > visibleRows;
  const zoomColumns = columns > visibleColumns;
  const max = model.scaleMax;
  const min = model.scaleMin;
  const dark = min + (max - min) * 0.55;
  const toItem = (cell: HeatCell) => ({
    value: [cell.x, cell.y, cell.percent ?? '-'],
    ...(cell.complete && cell.percent !== null && cell.percent > dark ? { label: { color: '#ffffff' } } : {}),
  });
  const dataZoom: object[] = [];
  if (zoomRows) {
    dataZoom.push(
      {
        type: 'slider',
        yAxisIndex: 0,
        right: 8,
        width: 14,
        startValue: 0,
        endValue: visibleRows - 1,
        showDetail: false,
        zoomLock: true,
        brushSelect: false,
      },
      {
        type: 'inside',
        yAxisIndex: 0,
        startValue: 0,
        endValue: visibleRows - 1,
        zoomOnMouseWheel: false,
        moveOnMouseWheel: true,
        zoomLock: true,
      },
    );
  }
  if (zoomColumns) {
    dataZoom.push(
      {
        type: 'slider',
        xAxisIndex: 0,
        bottom: 8,
        height: 14,
        startValue: 0,
        endValue: visibleColumns - 1,
        showDetail: false,
        zoomLock: true,
        brushSelect: false,
      },
      {
        type: 'inside',
        xAxisIndex: 0,
        startValue: 0,
        endValue: visibleColumns - 1,
        zoomOnMouseWheel: false,
        moveOnMouseMove: false,
        zoomLock: true,
      },
    );
  }
  const yName = `${response.by ? response.by.name : 'Cohort'} · ${response.measure === 'revenue' ? 'starting MRR' : 'customers'}`;
  // The name sits right-aligned above the labels: room on the left when it is wider than they are.
  const labelWidth = Math.max(...model.rows.map((r) => r.label.length), 1) * 6.6;
  const nameRoom = Math.max(8, Math.ceil(yName.length * 6.6 - labelWidth + 16));
  const tip = (params: ItemParam) => {
    const list = [model.complete, model.start, model.incomplete][params.seriesIndex] ?? [];
    const cell = list[params.dataIndex];
    if (!cell) return '';
    const words = cellWords(response, model, cell);
    return (
      `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(words.title)}</div>` +
      words.lines
        .map(
          (line, i) =>
            `<div class="${i === 0 ? 'chart-tip-value rt-tip-blue' : 'chart-tip-counts'}">${escapeHtml(line)}</div>`,
        )
        .join('') +
      `</div>`
    );
  };
  const label = {
    show: true,
    fontSize: columns > 16 ? 10 : 11,
    color: chartTheme.text,
    formatter: (params: { value: [number, number, number | string] }) =>
      cellText(typeof params.value[2] === 'number' ? params.value[2] : null),
  };
  return {
    animation: false,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    title: chartTitle(title, caption),
    tooltip: { trigger: 'item', ...tooltipBox, formatter: tip },
    grid: {
      left: nameRoom,
      right: zoomRows ? 40 : 16,
      top: 110,
      bottom: zoomColumns ? 62 : 44,
      containLabel: true,
    },
    ...(dataZoom.length ? { dataZoom } : {}),
    xAxis: {
      type: 'category',
      data: model.columns.map((c) => c.label),
      position: 'top',
      ...axisStyle(kAxisName(response), 26),
      nameLocation: 'middle',
      splitArea: { show: false },
      splitLine: { show: false },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: model.rows.map((r) => r.label),
      ...axisStyle(yName, 0),
      // Inverted axis: its start is the top, where the name sits above the cohort labels.
      nameLocation: 'start',
      nameGap: 8,
      nameTextStyle: { color: chartTheme.muted, fontSize: 12, align: 'right', padding: [0, 8, 0, 0] },
      splitLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: chartTheme.text, fontSize: 11.5 },
    },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min,
      max,
      calculable: false,
      orient: 'horizontal',
      right: 16,
      top: 58,
      itemWidth: 10,
      itemHeight: 160,
      text: [`${max}%`, `${min}%`],
      textGap: 6,
      textStyle: { color: chartTheme.muted, fontSize: 11 },
      inRange: { color: scaleColors },
      // Values past the ends (a revenue cohort above the cap) take the end colours.
      outOfRange: { color: scaleColors[scaleColors.length - 1] },
    },
    series: [
      {
        name: 'Share retained',
        type: 'heatmap',
        data: model.complete.map(toItem),
        label,
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: chartTheme.text, borderWidth: 1 } },
      },
      {
        name: 'Start',
        type: 'heatmap',
        data: model.start.map(toItem),
        label: { ...label, color: '#ffffff' },
        itemStyle: { color: '#5b6b86', borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: chartTheme.text, borderWidth: 1 } },
      },
      {
        name: 'Not over yet',
        type: 'heatmap',
        data: model.incomplete.map(toItem),
        label: { ...label, color: chartTheme.faint },
        itemStyle: { color: '#eef0f3', borderColor: '#ffffff', borderWidth: 1, decal: hatch },
        emphasis: { itemStyle: { borderColor: chartTheme.text, borderWidth: 1 } },
      },
    ],
  };
}

export function averageOption(response: CohortsResponse, caption: string): EChartsCoreOption {
  const points = averageCurve(response);
  const percents = points.map((p) => p.percent ?? 0);
  const max = Math.max(100, Math.ceil(Math.max(0, ...percents) / 10) * 10);
  const revenue = response.measure === 'revenue';
  return {
    animationDuration: 300,
    textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
    title: chartTitle(revenue ? 'Average revenue retention' : 'Average retention curve', caption),
    tooltip: {
      trigger: 'axis',
      ...tooltipBox,
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex: number } | undefined;
        const p = first ? points[first.dataIndex] : undefined;
        if (!p) return '';
        const share = p.percent === null ? 'no complete cohort' : `${formatShare(p.percent / 100)} retained`;
        const weight = revenue
          ? `${formatCount(p.cohorts)} cohorts (${formatCount(p.customers)} customers), weighted by starting MRR`
          : `${formatCount(p.cohorts)} cohorts, ${formatCount(p.customers)} customers`;
        return (
          `<div class="chart-tip"><div class="chart-tip-title">${escapeHtml(kAxisName(response))}: ${escapeHtml(p.label)}</div>` +
          `<div class="chart-tip-value rt-tip-blue">${escapeHtml(share)}</div>` +
          `<div class="chart-tip-counts">${escapeHtml(weight)}</div></div>`
        );
      },
    },
    grid: { left: 34, right: 24, top: 84, bottom: 44, containLabel: true },
    xAxis: {
      type: 'category',
      data: points.map((p) => p.label),
      boundaryGap: false,
      ...axisStyle(kAxisName(response), 28),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max,
      ...axisStyle(revenue ? 'MRR retained (% of starting MRR)' : 'Customers retained (%)', 44),
      axisLabel: { color: chartTheme.muted, formatter: '{value}%' },
    },
    series: [
      {
        name: revenue ? 'MRR retained' : 'Retained',
        type: 'line',
        symbolSize: 6,
        itemStyle: { color: '#2456c4' },
        lineStyle: { width: 2.5 },
        areaStyle: { color: 'rgba(36, 86, 196, 0.08)' },
        data: points.map((p) => p.percent),
        ...(revenue
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: chartTheme.faint, type: 'dashed' },
                label: {
                  formatter: 'starting MRR',
                  position: 'insideEndTop',
                  color: chartTheme.faint,
                  fontSize: 11,
                },
                data: [{ yAxis: 100 }],
              },
            }
          : {}),
      },
    ],
  };
}

/** A cohort's size or starting MRR for the screen-reader summary. */
export function weightText(response: CohortsResponse): string {
  const total = response.cohorts.reduce((sum, c) => sum + c.size, 0);
  if (response.measure === 'revenue') {
    const mrr = response.cohorts.reduce((sum, c) => sum + (c.startingMrr ?? 0), 0);
    return `${formatCount(total)} customers, ${formatAmount(mrr, response.currency)} starting MRR`;
  }
  return `${formatCount(total)} customers`;
}
