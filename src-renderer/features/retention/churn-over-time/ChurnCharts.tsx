import { useMemo } from 'react';
import type { ChurnOverTimeResponse } from '@shared/contract/retention';
import { ChartCard } from '../../../charts/ChartCard';
import { customerChartOption, mrrChartOption } from './churn-options';
import { customerCsv, incompleteNote, mrrCsv, periodWords } from './churn-view-model';

/** The customer chart (new, reactivated, churned, churn rate). Loaded with ECharts, after the page. */
export function CustomerChart({ response, caption }: { response: ChurnOverTimeResponse; caption: string }) {
  const option = useMemo(() => customerChartOption(response, caption), [response, caption]);
  const note = incompleteNote(response);
  const unit = periodWords[response.period];
  const latest = response.kpi.latest;
  return (
    <ChartCard
      title={`${unit.adjective} customers and churn rate`}
      option={option}
      height={440}
      label={`${unit.adjective} new, reactivated and churned customers over ${response.periods.length} ${unit.many}, with the churn rate${latest ? `; latest complete ${unit.one} ${latest.period}` : ''}.`}
      data={() => customerCsv(response)}
      testId="churn-customers-chart"
    >
      {note && (
        <p className="chart-note" data-testid="churn-incomplete-note">
          {note}
        </p>
      )}
    </ChartCard>
  );
}

/** Stacked MRR movements with net and gross revenue churn. */
export function MrrChart({ response, caption }: { response: ChurnOverTimeResponse; caption: string }) {
  const option = useMemo(() => mrrChartOption(response, caption), [response, caption]);
  const unit = periodWords[response.period];
  const conventions = response.mrr?.conventions ?? [];
  return (
    <ChartCard
      title={`${unit.adjective} MRR movements`}
      option={option}
      height={460}
      label={`${unit.adjective} MRR movements: new, expansion and reactivation up, contraction and churned down, with net and gross revenue churn.`}
      data={() => mrrCsv(response)}
      testId="churn-mrr-chart"
    >
      {conventions.length > 0 && (
        <ul className="chart-note chart-note-list">
          {conventions.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </ChartCard>
  );
}
