import { describe, expect, it } from 'vitest';
import type { ValueTiersResult } from '@shared/contract/value';
import {
  clvFromInputs,
  formatEstimate,
  highValueHighRisk,
  parsePercent,
  parseSurvivors,
  segmentColors,
  segmentOrder,
  tiersMatrix,
} from './value-model';

describe('formatEstimate', () => {
  it('shows three significant figures, as the published fits do', () => {
    expect(formatEstimate(0.24259)).toBe('0.243');
    expect(formatEstimate(4.41359)).toBe('4.41');
    expect(formatEstimate(0.79292)).toBe('0.793');
    expect(formatEstimate(2.42589)).toBe('2.43');
    expect(formatEstimate(12_345)).toBe('12,300');
    expect(formatEstimate(null)).toBe('—');
    expect(formatEstimate(Number.NaN)).toBe('—');
  });
});

describe('CLV inputs', () => {
  it('reads percentages and months, rejecting what is out of range', () => {
    expect(parsePercent('30')).toBeCloseTo(0.3, 12);
    expect(parsePercent('7,5')).toBeCloseTo(0.075, 12);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
    expect(clvFromInputs('30', '10', '12')).toEqual({ margin: 0.3, discount: 0.1, horizonMonths: 12 });
    expect(clvFromInputs('30', '10', '0')).toBeNull();
    expect(clvFromInputs('30', '10', '1.5')).toBeNull();
  });
});

describe('parseSurvivors', () => {
  it('reads numbers separated by spaces, commas or lines', () => {
    expect(parseSurvivors('1000, 631\n468 382')).toEqual({ survivors: [1000, 631, 468, 382] });
  });
  it('says what is wrong: too short, not a number, growing', () => {
    expect(parseSurvivors('1000 631')).toHaveProperty('error');
    expect(parseSurvivors('1000 x 400')).toEqual({ error: '“x” is not a count of customers.' });
    expect(parseSurvivors('1000 631 700')).toHaveProperty('error');
  });
});

describe('value × risk', () => {
  const result: ValueTiersResult = {
    modelId: 1,
    riskModel: 'Logistic',
    cells: [
      { decile: 10, riskTier: 'high', customers: 5, clv: 500 },
      { decile: 9, riskTier: 'high', customers: 3, clv: 200 },
      { decile: 8, riskTier: 'high', customers: 7, clv: 100 },
      { decile: 10, riskTier: 'low', customers: 9, clv: 900 },
    ],
  };

  it('lays the deciles out 10 … 1 with zeros where no customer falls', () => {
    const rows = tiersMatrix(result);
    expect(rows.map((r) => r.decile)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(rows[0]?.cells.high).toEqual({ customers: 5, clv: 500 });
    expect(rows[0]?.cells.medium).toEqual({ customers: 0, clv: 0 });
    expect(rows[9]?.cells.unscored).toEqual({ customers: 0, clv: 0 });
  });

  it('counts high value × high risk as deciles 9–10 in the high tier only', () => {
    expect(highValueHighRisk(result)).toEqual({ customers: 8, clv: 700 });
  });
});

describe('segmentOrder', () => {
  it('lists every RFM segment once, best first, each with a colour', () => {
    expect(segmentOrder).toHaveLength(11);
    expect(new Set(segmentOrder).size).toBe(11);
    expect([segmentOrder[0], segmentOrder[10]]).toEqual(['Champions', 'Lost']);
    expect(Object.keys(segmentColors).sort()).toEqual([...segmentOrder].sort());
  });
});

describe('formatRate', () => {
  it('keeps up to two decimals so a monthly rate does not read as 1%', async () => {
    const { formatRate } = await import('./value-model');
    expect(formatRate(0.1)).toBe('10%');
    expect(formatRate((1 + 0.1) ** (1 / 12) - 1)).toBe('0.8%');
    expect(formatRate(0.12345)).toBe('12.35%');
  });
});
