import { useEffect, useEffectEvent, useMemo, useRef } from 'react';
import type { ClvSummary, FitResult, RfmResult, RfmSegment, SbgResult } from '@shared/contract/value';
import { ChartCard } from '../../charts/ChartCard';
import { echarts } from '../../charts/echarts';
import {
  clvDecilesData,
  clvDecilesOption,
  frequencyRecencyData,
  frequencyRecencyOption,
  holdoutData,
  holdoutOption,
  rfmGridData,
  rfmGridOption,
  sbgData,
  sbgOption,
  segmentOfGridClick,
  trackingData,
  trackingOption,
  type GridMeasure,
} from './value-charts';

/** The Value section's charts in their export cards. Loaded with ECharts, after the page. */

export function RfmGridChart({
  result,
  onSegment,
}: {
  result: RfmResult;
  onSegment: (segment: RfmSegment) => void;
}) {
  const option = useMemo(() => rfmGridOption(result), [result]);
  const box = useRef<HTMLDivElement>(null);
  const pick = useEffectEvent((param: { name?: unknown }) => {
    const segment = segmentOfGridClick(param);
    if (segment) onSegment(segment as RfmSegment);
  });
  // ChartCard owns the instance; the click handler finds it by its element (created in the child's effect, before this one).
  useEffect(() => {
    const element = box.current?.querySelector<HTMLElement>('.echart');
    const chart = element ? echarts.getInstanceByDom(element) : undefined;
    if (!chart) return;
    const handler = (param: unknown) => pick(param as { name?: unknown });
    chart.on('click', handler);
    return () => {
      chart.off('click', handler);
    };
  }, []);
  return (
    <div ref={box}>
      <ChartCard
        title="RFM grid"
        option={option}
        height={460}
        label={`Recency by frequency grid of ${result.customers} customers; each cell is labelled with its segment and count. The segment table below lists the same segments.`}
        data={() => rfmGridData(result)}
        testId="rfm-grid"
      />
    </div>
  );
}

export function HoldoutChart({ fit }: { fit: FitResult }) {
  const option = useMemo(() => holdoutOption(fit), [fit]);
  return (
    <ChartCard
      title="Hold-out check"
      option={option}
      height={380}
      label="Actual and predicted mean purchases in the hold-out period, by the number of repeat purchases in calibration."
      data={() => holdoutData(fit)}
      testId="value-holdout-chart"
    />
  );
}

export function TrackingChart({ fit }: { fit: FitResult }) {
  const option = useMemo(() => trackingOption(fit), [fit]);
  return (
    <ChartCard
      title="Cumulative tracking"
      option={option}
      height={380}
      label={`Cumulative repeat purchases per ${fit.unit}, actual and predicted, with the calibration end marked at ${fit.calibrationEnd}.`}
      data={() => trackingData(fit)}
      testId="value-tracking-chart"
    />
  );
}

export function FrequencyRecencyChart({ fit, measure }: { fit: FitResult; measure: GridMeasure }) {
  const option = useMemo(() => frequencyRecencyOption(fit, measure), [fit, measure]);
  const title = measure === 'pAlive' ? 'P(alive) grid' : 'Expected purchases grid';
  return (
    <ChartCard
      title={title}
      option={option}
      height={420}
      label={`${title}: frequency across, recency up, for a customer of the typical age.`}
      data={() => frequencyRecencyData(fit, measure)}
      testId={measure === 'pAlive' ? 'value-palive-grid' : 'value-expected-grid'}
    />
  );
}

export function ClvDecilesChart({ summary, caption }: { summary: ClvSummary; caption: string }) {
  const option = useMemo(() => clvDecilesOption(summary, caption), [summary, caption]);
  return (
    <ChartCard
      title="CLV deciles"
      option={option}
      height={340}
      label="Total customer lifetime value in each CLV decile, top decile first."
      data={() => clvDecilesData(summary)}
      testId="value-clv-deciles"
    />
  );
}

export function SbgChart({ result }: { result: SbgResult }) {
  const option = useMemo(() => sbgOption(result), [result]);
  return (
    <ChartCard
      title="sBG survival"
      option={option}
      height={400}
      label={`Share of customers still subscribed per ${result.periodLabel}: the fitted model as a line, the actual shares as points.`}
      data={() => sbgData(result)}
      testId="sbg-chart"
    />
  );
}
