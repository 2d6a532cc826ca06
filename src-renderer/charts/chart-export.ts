import { csvLine } from '@shared/csv';
import { saveBlob, saveTextFile } from '../ui/save-file';
import { echarts, type EChartsCoreOption, type EChartsInstance } from './echarts';

/** A chart's data as a table: the CSV export (formula-neutralised cells, src-shared/csv.ts). */
export interface ChartData {
  columns: string[];
  rows: (string | number | null)[][];
}

export function chartDataCsv(data: ChartData): string {
  return csvLine(data.columns) + data.rows.map((row) => csvLine(row)).join('');
}

/** A file name from a chart title: "Survival by Contract" → "survival-by-contract". */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return stem || 'chart';
}

/** PNG of the chart as drawn, at twice the pixel density so it stays sharp in a slide. */
export function exportPng(chart: EChartsInstance, stem: string): void {
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (char) => char.charCodeAt(0));
  saveBlob(`${stem}.png`, new Blob([bytes], { type: 'image/png' }));
}

/**
 * The same option drawn once more by ECharts' SVG renderer (server-side mode: no DOM) at the chart's
 * current size, without animation, so the file holds the finished picture.
 */
export function svgOf(option: EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: '#ffffff' });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function exportSvg(option: EChartsCoreOption, width: number, height: number, stem: string): void {
  saveTextFile(`${stem}.svg`, svgOf(option, width, height), 'image/svg+xml;charset=utf-8');
}

export function exportCsv(data: ChartData, stem: string): void {
  saveTextFile(`${stem}.csv`, chartDataCsv(data));
}
