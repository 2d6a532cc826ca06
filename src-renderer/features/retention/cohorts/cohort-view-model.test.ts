import { describe, expect, it } from 'vitest';
import { CohortsResponse } from '@shared/contract/retention';
import { averageOption, heatmapOption } from './cohort-options';
import {
  averageCurve,
  cellWords,
  heatmapModel,
  incompleteNote,
  kAxisName,
  matrixCsv,
} from './cohort-view-model';

const cell = (k: number, retained: number, size: number, complete = true) => ({
  k,
  kTo: k,
  retained,
  share: retained / size,
  complete,
});

// Two monthly cohorts by hand: January (10 customers: 10, 6, 4 retained) and February (5: 5, 2; month 1 not over).
const response = CohortsResponse.parse({
  period: 'month',
  definition: 'active-in-period',
  definitionText: 'a customer counts in month k when they bought in that month',
  measure: 'customers',
  by: null,
  activity: 'transactions',
  cohorts: [
    {
      key: '2024-01',
      size: 10,
      startingMrr: null,
      cells: [cell(0, 10, 10), cell(1, 6, 10), cell(2, 4, 10, false)],
    },
    { key: '2024-02', size: 5, startingMrr: null, cells: [cell(0, 5, 5), cell(1, 2, 5, false)] },
  ],
  average: [
    { k: 0, kTo: 0, cohorts: 2, customers: 15, share: 1 },
    { k: 1, kTo: 1, cohorts: 1, customers: 10, share: 0.6 },
    { k: 2, kTo: 2, cohorts: 0, customers: 0, share: null },
  ],
  currency: null,
  churnDefinition: null,
  asOf: '2024-03-15',
});

describe('cohort heatmap model', () => {
  const model = heatmapModel(response);

  it('has one column per k and one row per cohort, with the size in the label', () => {
    expect(model.columns.map((c) => c.label)).toEqual(['0', '1', '2']);
    expect(model.rows.map((r) => r.label)).toEqual(['2024-01 · 10', '2024-02 · 5']);
    expect([model.scaleMin, model.scaleMax]).toEqual([0, 60]);
  });

  it('keeps the start and incomplete cells apart from the colour scale', () => {
    expect(model.start.map((c) => [c.x, c.y, c.percent])).toEqual([
      [0, 0, 100],
      [0, 1, 100],
    ]);
    expect(model.complete.map((c) => [c.x, c.y, c.percent])).toEqual([[1, 0, 60]]);
    expect(model.incomplete.map((c) => [c.x, c.y, c.percent])).toEqual([
      [2, 0, 40],
      [1, 1, 40],
    ]);
    expect(incompleteNote(response, model)).toContain(
      'left out of the colour scale and of the average curve',
    );
  });

  it('labels brackets and the axis', () => {
    const brackets = CohortsResponse.parse({
      ...response,
      definition: 'active-in-bracket',
      cohorts: [
        {
          key: '2024-01',
          size: 10,
          startingMrr: null,
          cells: [{ k: 2, kTo: 3, retained: 5, share: 0.5, complete: true }],
        },
      ],
    });
    expect(heatmapModel(brackets).columns[0]!.label).toBe('2–3');
    expect(kAxisName(response)).toBe('Months since first purchase');
    expect(kAxisName(brackets)).toBe('Months since first purchase, in brackets');
  });

  it('says what a cell holds', () => {
    const words = cellWords(response, model, model.incomplete[1]!);
    expect(words.title).toBe('2024-02, month 1');
    expect(words.lines).toEqual([
      '40.0% retained',
      '2 of 5 customers',
      'Not over at 2024-03-15: left out of the average',
    ]);
  });

  it('scales revenue above 100% and labels cohorts by their starting MRR', () => {
    const revenue = CohortsResponse.parse({
      ...response,
      measure: 'revenue',
      currency: 'EUR',
      cohorts: [{ key: '2024-01', size: 3, startingMrr: 300, cells: [cell(0, 300, 300), cell(1, 390, 300)] }],
    });
    const m = heatmapModel(revenue);
    expect([m.scaleMin, m.scaleMax]).toEqual([120, 130]);
    expect(m.rows[0]!.label).toBe('2024-01 · 300 EUR');
  });
});

describe('average curve and CSV', () => {
  it('gives the average per k in percent with the cohort count', () => {
    expect(averageCurve(response).map((p) => [p.label, p.percent, p.cohorts])).toEqual([
      ['0', 100, 2],
      ['1', 60, 1],
      ['2', null, 0],
    ]);
  });

  it('exports the matrix one line per cohort and k', () => {
    const csv = matrixCsv(response);
    expect(csv.columns).toEqual(['cohort', 'size', 'k', 'k_to', 'retained', 'share', 'complete']);
    expect(csv.rows).toHaveLength(5);
    expect(csv.rows[4]).toEqual(['2024-02', 5, 1, 1, 2, 0.4, 'no']);
  });

  it('builds the options: incomplete cells in their own series, outside the visual map', () => {
    const option = heatmapOption(response, heatmapModel(response), 'caption', 'Title') as {
      series: { data: unknown[] }[];
      visualMap: { seriesIndex: number };
    };
    expect(option.series.map((series) => series.data.length)).toEqual([1, 2, 2]);
    expect(option.visualMap.seriesIndex).toBe(0);
    const average = averageOption(response, 'caption') as { series: { data: unknown[] }[] };
    expect(average.series[0]!.data).toEqual([100, 60, null]);
  });
});
