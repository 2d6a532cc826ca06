import { describe, expect, it } from 'vitest';
import type { FitResult, ModelFit, RfmResult, SbgResult } from '@shared/contract/value';
import {
  clvDecilesOption,
  frequencyRecencyData,
  frequencyRecencyOption,
  holdoutOption,
  rfmGridData,
  rfmGridOption,
  sbgOption,
  segmentOfGridClick,
  trackingOption,
} from './value-charts';
import { segmentOrder } from './value-model';

/* eslint-disable @typescript-eslint/no-explicit-any -- options are plain objects read back loosely */

const modelFit: ModelFit = {
  params: [{ name: 'r', value: 0.243, se: 0.013 }],
  logLik: -9582.4,
  converged: true,
  iterations: 20,
  starts: 4,
  convergedStarts: 4,
  warnings: [],
};

const fit: FitResult = {
  id: 1,
  name: 'BG/NBD to 1997-09-30',
  model: 'bgnbd',
  createdAt: '2026-11-23T12:00:00Z',
  unit: 'week',
  unitDays: 7,
  firstPurchase: '1997-01-01',
  calibrationEnd: '1997-09-30',
  holdoutEnd: '1998-06-30',
  predictFrom: 'all-data',
  predictedAt: '1998-06-30',
  holdoutLength: 39,
  summaryNotes: [],
  customers: 2357,
  repeatBuyers: 1411,
  excludedLateCustomers: 0,
  mergedSameDayRows: 0,
  fit: modelFit,
  holdoutByFrequency: [
    { x: 0, label: '0', customers: 1411, actual: 0.236, predicted: 0.229 },
    { x: 1, label: '1', customers: 439, actual: 0.697, predicted: 0.684 },
    { x: 7, label: '7+', customers: 31, actual: 7.1, predicted: 6.5 },
  ],
  tracking: [
    { period: 0, actual: 0, predicted: 0, calibration: true },
    { period: 1, actual: 10, predicted: 12, calibration: true },
    { period: 2, actual: 30, predicted: 28, calibration: true },
    { period: 3, actual: 45, predicted: 47, calibration: false },
  ],
  grid: {
    T: 39,
    horizon: 13,
    x: [0, 1, 2],
    tx: [0, 10, 20, 30],
    pAlive: [
      [1, 1, 1, 1],
      [0.2, 0.4, 0.6, 0.8],
      [0.1, 0.3, 0.5, 0.9],
    ],
    expected: [
      [0.1, 0.1, 0.1, 0.1],
      [0.2, 0.3, 0.4, 0.5],
      [0.3, 0.5, 0.7, 1.2],
    ],
  },
  scoringFit: modelFit,
  spend: null,
  clv: {
    margin: 0.3,
    discount: 0.1,
    horizonMonths: 12,
    customers: 2357,
    total: 1000,
    mean: 0.42,
    deciles: [],
  },
  warnings: [],
};

describe('rfmGridOption', () => {
  const result: RfmResult = {
    asOf: '1998-06-30',
    customers: 100,
    ignoredAfterAsOf: 0,
    segments: [],
    method: [],
    grid: [
      { r: 5, f: 5, customers: 7, revenue: 700, segment: 'Champions' },
      { r: 1, f: 1, customers: 20, revenue: 90, segment: 'Lost' },
      { r: 2, f: 4, customers: 3, revenue: 40, segment: 'At risk' },
    ],
  };

  it('places each cell at (frequency − 1, recency − 1) with its segment index and count', () => {
    const option = rfmGridOption(result) as any;
    const data = option.series[0].data;
    expect(data).toHaveLength(3);
    expect(data[0]).toEqual({ value: [4, 4, 0, 7, 700], name: 'Champions' });
    expect(data[1].value).toEqual([0, 0, segmentOrder.indexOf('Lost'), 20, 90]);
    expect(data[2].value).toEqual([3, 1, segmentOrder.indexOf('At risk'), 3, 40]);
    // The piecewise visual map colours by segment and lists all 11.
    expect(option.visualMap.dimension).toBe(2);
    expect(option.visualMap.pieces.map((p: any) => p.label)).toEqual(segmentOrder);
    expect(option.series[0].label.formatter({ data: data[0] })).toBe('Champions\n7');
  });

  it('has axes named with what the scores mean and the as-of date in the subtitle', () => {
    const option = rfmGridOption(result) as any;
    expect(option.xAxis.name).toMatch(/Frequency score/);
    expect(option.yAxis.name).toMatch(/Recency score/);
    expect(option.title.subtext).toContain('As of 1998-06-30');
  });

  it('exports the cells as rows and resolves a click to its segment', () => {
    expect(rfmGridData(result).rows[0]).toEqual([5, 5, 'Champions', 7, 700]);
    expect(segmentOfGridClick({ name: "Can't lose them" })).toBe("Can't lose them");
    expect(segmentOfGridClick({ name: 'Customers' })).toBeNull();
    expect(segmentOfGridClick({})).toBeNull();
  });
});

describe('purchase model charts', () => {
  it('hold-out check: actual and predicted bars per calibration-frequency bucket', () => {
    const option = holdoutOption(fit) as any;
    expect(option.xAxis.data).toEqual(['0', '1', '7+']);
    expect(option.series[0].data).toEqual([0.236, 0.697, 7.1]);
    expect(option.series[1].data).toEqual([0.229, 0.684, 6.5]);
    expect(option.yAxis.name).toBe('Mean purchases in the hold-out (39 weeks)');
  });

  it('tracking: actual and predicted cumulative lines, the calibration end marked at its last period', () => {
    const option = trackingOption(fit) as any;
    expect(option.series[0].data).toEqual([0, 10, 30, 45]);
    expect(option.series[1].data).toEqual([0, 12, 28, 47]);
    expect(option.series[0].markLine.data).toEqual([{ xAxis: '2' }]);
    expect(option.series[0].markLine.label.formatter).toContain('1997-09-30');
  });

  it('frequency × recency grid: cell (i, j) holds pAlive[i][j] (x across, t_x up)', () => {
    const option = frequencyRecencyOption(fit, 'pAlive') as any;
    const data = option.series[0].data as [number, number, number][];
    expect(data).toHaveLength(12);
    expect(data.find(([i, j]) => i === 2 && j === 3)?.[2]).toBe(0.9);
    expect(data.find(([i, j]) => i === 1 && j === 0)?.[2]).toBe(0.2);
    expect(option.visualMap.max).toBe(1);
    const expected = frequencyRecencyOption(fit, 'expected') as any;
    expect(expected.visualMap.max).toBe(1.2);
    expect(expected.title.text).toBe('Expected purchases, next 13 weeks');
    expect(frequencyRecencyData(fit, 'expected').rows).toContainEqual([2, 30, 39, 1.2]);
  });

  it('CLV deciles: top decile first', () => {
    const option = clvDecilesOption(
      {
        ...fit.clv,
        deciles: [
          { decile: 1, customers: 10, minClv: 0, maxClv: 1, total: 5 },
          { decile: 10, customers: 10, minClv: 50, maxClv: 900, total: 3000 },
        ],
      },
      'caption',
    ) as any;
    expect(option.xAxis.data).toEqual(['10', '1']);
    expect(option.series[0].data).toEqual([3000, 5]);
  });
});

describe('sbgOption', () => {
  const result: SbgResult = {
    source: 'Survivor series',
    survivors: [1000, 631, 468],
    alpha: 0.668,
    beta: 3.806,
    se: { alpha: 0.1, beta: 0.9 },
    logLik: -1611.2,
    converged: true,
    warnings: [],
    projected: [
      { period: 0, survival: 1, actual: 1, retention: null },
      { period: 1, survival: 0.63, actual: 0.631, retention: 0.63 },
      { period: 2, survival: 0.47, actual: 0.468, retention: 0.74 },
      { period: 3, survival: 0.38, actual: null, retention: 0.8 },
    ],
    periodLabel: 'year',
    del: 2.5,
    derl: 3.1,
    discount: 0.1,
    annualDiscount: null,
    valuePerCustomer: null,
    naive: null,
  };

  it('draws S(t) as a line and the observed shares as points, shading the projection', () => {
    const option = sbgOption(result) as any;
    expect(option.series[0].data).toEqual([1, 0.63, 0.47, 0.38]);
    expect(option.series[1].data).toEqual([1, 0.631, 0.468, '-']);
    expect(option.series[0].markArea.data).toEqual([[{ xAxis: '2' }, { xAxis: '3' }]]);
    expect(option.xAxis.name).toBe('Years since the start');
  });
});
