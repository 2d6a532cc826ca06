import { describe, expect, it } from 'vitest';
import type { SurvivalCurves } from '@shared/contract/survival';
import { legendRowCount, survivalChartOption } from './survival-chart';

const point = (time: number, atRisk: number, events: number, censored: number, survival: number) => ({
  time,
  atRisk,
  events,
  censored,
  survival,
  stdErr: 0.1,
  lower: survival * 0.9,
  upper: Math.min(1, survival * 1.1),
});

const curves = {
  groups: [
    {
      key: 'Monthly',
      n: 4,
      events: 2,
      points: [point(1, 4, 1, 0, 0.75), point(2, 3, 1, 1, 0.5), point(5, 1, 0, 1, 0.5)],
      median: { value: 2, lower: 1, upper: null },
      survivalAt: [],
      rmst: null,
    },
    {
      key: 'Yearly',
      n: 2,
      events: 0,
      points: [point(0, 2, 0, 1, 1), point(4, 1, 0, 1, 1)],
      median: { value: null, lower: null, upper: null },
      survivalAt: [],
      rmst: null,
    },
  ],
  unit: 'months',
} as unknown as SurvivalCurves;

interface Series {
  type: string;
  name: string;
  data: unknown[];
  markLine?: { data: unknown[] };
}

function seriesOf(bands: boolean, censorMarks: boolean): Series[] {
  const option = survivalChartOption({
    curves,
    title: 'Survival by Plan',
    subtext: 'caption',
    axisMax: 6,
    axisStep: 1,
    bands,
    censorMarks,
  }) as { series: Series[] };
  return option.series;
}

describe('survivalChartOption', () => {
  it('starts every curve at 100% at time 0, in percent', () => {
    const lines = seriesOf(false, false).filter((series) => series.type === 'line' && series.data.length > 0);
    expect(lines.map((line) => line.data)).toEqual([
      [
        [0, 100],
        [1, 75],
        [2, 50],
        [5, 50],
      ],
      [
        [0, 100],
        [4, 100],
      ],
    ]);
  });

  it('drops a line from 50% at a reached median only', () => {
    const [monthly, yearly] = seriesOf(false, false);
    expect(monthly?.markLine?.data).toEqual([[{ coord: [2, 0] }, { coord: [2, 50] }]]);
    expect(yearly?.markLine).toBeUndefined();
  });

  it('draws a band rectangle from each time to the next, and censoring marks where someone was censored', () => {
    const series = seriesOf(true, true);
    const bands = series.filter((entry) => entry.type === 'custom');
    expect(bands.map((band) => band.name)).toEqual(['Monthly', 'Yearly']);
    expect(bands[0]?.data[0]).toEqual([1, 2, 75 * 0.9, 75 * 1.1]);
    expect(bands[0]?.data).toHaveLength(2);
    const marks = series.filter((entry) => entry.type === 'scatter');
    expect(marks[0]?.data).toEqual([
      [2, 50],
      [5, 50],
    ]);
  });

  it('leaves bands and marks out when switched off', () => {
    expect(seriesOf(false, false).map((series) => series.type)).toEqual(['line', 'line', 'line']);
  });
});

describe('legendRowCount', () => {
  it('no legend for one curve, one line for a few short names, more for many', () => {
    expect(legendRowCount(['All customers'])).toBe(0);
    expect(legendRowCount(['Month-to-month', 'Two year', 'One year'])).toBe(1);
    expect(legendRowCount(Array.from({ length: 12 }, (_, i) => `A longer group name ${i}`))).toBe(3);
  });
});
