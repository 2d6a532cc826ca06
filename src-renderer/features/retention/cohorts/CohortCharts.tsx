import { useMemo } from 'react';
import type { CohortsResponse } from '@shared/contract/retention';
import { ChartCard } from '../../../charts/ChartCard';
import {
  averageOption,
  heatmapHeight,
  heatmapOption,
  visibleColumns,
  visibleRows,
  weightText,
} from './cohort-options';
import { averageCsv, averageNote, heatmapModel, incompleteNote, matrixCsv } from './cohort-view-model';

/** The retention heatmap. Loaded with ECharts, after the page. */
export function CohortHeatmap({ response, caption }: { response: CohortsResponse; caption: string }) {
  const model = useMemo(() => heatmapModel(response), [response]);
  const title =
    response.measure === 'revenue' ? 'Revenue retained by cohort' : 'Customers retained by cohort';
  const option = useMemo(
    () => heatmapOption(response, model, caption, title),
    [response, model, caption, title],
  );
  const note = incompleteNote(response, model);
  const scrolls = model.rows.length > visibleRows || model.columns.length > visibleColumns;
  return (
    <ChartCard
      title={title}
      option={option}
      height={heatmapHeight(model.rows.length)}
      label={`${title}: ${model.rows.length} cohorts (${weightText(response)}) over ${model.columns.length} periods; each cell is the share retained.`}
      data={() => matrixCsv(response)}
      testId="cohort-heatmap"
    >
      {note && (
        <p className="chart-note" data-testid="cohort-incomplete-note">
          {note}
        </p>
      )}
      {scrolls && (
        <p className="chart-note">
          {model.rows.length} cohorts × {model.columns.length} periods: the first{' '}
          {Math.min(visibleRows, model.rows.length)} rows and {Math.min(visibleColumns, model.columns.length)}{' '}
          columns are shown; drag the sliders (or scroll over the chart) to see the rest. The CSV has every
          cell.
        </p>
      )}
    </ChartCard>
  );
}

/** The average retention curve, weighted by cohort size (or starting MRR). */
export function AverageCurve({ response, caption }: { response: CohortsResponse; caption: string }) {
  const option = useMemo(() => averageOption(response, caption), [response, caption]);
  const last = [...response.average].reverse().find((p) => p.share !== null);
  return (
    <ChartCard
      title={response.measure === 'revenue' ? 'Average revenue retention' : 'Average retention curve'}
      option={option}
      height={380}
      label={`Average retention over ${response.average.length} periods${last ? `; ${Math.round((last.share ?? 0) * 1000) / 10}% at period ${last.k}` : ''}.`}
      data={() => averageCsv(response)}
      testId="cohort-average"
    >
      <p className="chart-note">{averageNote(response)}</p>
    </ChartCard>
  );
}
