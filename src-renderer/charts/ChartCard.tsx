import { useCallback, useRef, type ReactNode } from 'react';
import { Icon } from '../ui/Icon';
import { exportCsv, exportPng, exportSvg, fileStem, type ChartData } from './chart-export';
import { EChart } from './EChart';
import type { EChartsCoreOption, EChartsInstance } from './echarts';
import './chart-card.css';

/**
 * A chart with its export buttons: PNG (as drawn), SVG (the same option drawn as vectors) and the data
 * behind it as CSV. The title, units, as-of date and churn definition belong in the option itself, so
 * that the exported picture carries them too. `children` go under the chart (e.g. a number-at-risk table).
 */
export function ChartCard({
  title,
  option,
  height,
  label,
  data,
  testId,
  children,
}: {
  /** Names the exported files and the export buttons. */
  title: string;
  option: EChartsCoreOption;
  height: number;
  /** What the chart shows, for screen readers. */
  label: string;
  /** The chart's data as a table; computed only when exported. */
  data: () => ChartData;
  testId?: string;
  children?: ReactNode;
}) {
  const chartRef = useRef<EChartsInstance | null>(null);
  const onInstance = useCallback((chart: EChartsInstance | null) => {
    chartRef.current = chart;
  }, []);
  const stem = fileStem(title);

  const png = () => {
    if (chartRef.current) exportPng(chartRef.current, stem);
  };
  const svg = () => {
    const chart = chartRef.current;
    if (chart) exportSvg(option, chart.getWidth(), chart.getHeight(), stem);
  };

  return (
    <figure className="chart-card" data-testid={testId}>
      <div className="chart-card-tools" role="group" aria-label={`Export ${title}`}>
        <Icon name="download" size={14} className="chart-card-tools-icon" />
        <button type="button" className="btn btn-small btn-quiet" onClick={png} title="Picture (PNG)">
          PNG
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={svg} title="Vector picture (SVG)">
          SVG
        </button>
        <button
          type="button"
          className="btn btn-small btn-quiet"
          onClick={() => exportCsv(data(), stem)}
          title="The data behind the chart (CSV)"
        >
          CSV
        </button>
      </div>
      <EChart option={option} height={height} label={label} onInstance={onInstance} />
      {children}
    </figure>
  );
}
