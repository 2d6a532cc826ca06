import { useEffect, useEffectEvent, useRef } from 'react';
import { echarts, type EChartsCoreOption, type EChartsInstance } from './echarts';

/**
 * One ECharts instance in a div: created on mount, given the option on every change, resized with its
 * box (a ResizeObserver also catches a hidden view becoming visible), disposed on unmount.
 */
export function EChart({
  option,
  height,
  label,
  testId,
  onInstance,
}: {
  option: EChartsCoreOption;
  height: number;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  testId?: string;
  /** Called with the instance once it exists and with null when it is disposed (for exports). */
  onInstance?: (chart: EChartsInstance | null) => void;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsInstance | null>(null);
  const notify = useEffectEvent((chart: EChartsInstance | null) => onInstance?.(chart));

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const chart = echarts.init(box, null, { renderer: 'canvas' });
    chartRef.current = chart;
    notify(chart);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(box);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
      notify(null);
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={boxRef}
      className="echart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
