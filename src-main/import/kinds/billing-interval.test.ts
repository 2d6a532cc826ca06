import { describe, expect, it } from 'vitest';
import { readBillingInterval } from './billing-interval';

describe('readBillingInterval', () => {
  it.each([
    ...[
      'month',
      'Monthly',
      'MO',
      'm',
      '1',
      '1m',
      '1 M',
      '1-month',
      'per month',
      'monatlich',
      'Mensuel',
      'mensual',
    ],
  ])('reads %j as month', (word) => {
    expect(readBillingInterval(word)).toEqual({ ok: true, value: 'month' });
  });

  it.each([
    ...['quarter', 'Quarterly', 'Q', '3', '3m', '3 months', 'vierteljährlich', 'Vierteljaehrlich'],
    ...['trimestriel', 'Trimestral', 'Quartal'],
  ])('reads %j as quarter', (word) => {
    expect(readBillingInterval(word)).toEqual({ ok: true, value: 'quarter' });
  });

  it.each([
    ...['year', 'YEARLY', 'annual', 'Annually', 'yr', 'Y', '12', '12m', '12 months', 'jährlich'],
    ...['jaehrlich', 'Jährlich', 'annuel', 'Anual', 'año'],
    // "jährlich" as macOS file names and some exports write it: a + combining diaeresis.
    'ja\u0308hrlich',
  ])('reads %j as year', (word) => {
    expect(readBillingInterval(word)).toEqual({ ok: true, value: 'year' });
  });

  it.each(['weekly', 'daily', '6', '2y', 'biannual', 'monthly-ish'])(
    'refuses %j, naming it and the accepted ones',
    (word) => {
      const result = readBillingInterval(word);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toContain(`billing interval "${word}"`);
      expect(result.reason).toMatch(/use month, quarter or year \(also monthly, quarterly, yearly, annual/);
    },
  );
});
