import { describe, expect, it } from 'vitest';
import { churnRateRequest, cohortsRequest, driversRequest } from './analysis-commands';
import { UsageError } from './usage-error';

const columns = [
  { key: 'id', name: 'customer_id', type: 'text' },
  { key: 'a1', name: 'Contract', type: 'category' },
  { key: 'a2', name: 'SeniorCitizen', type: 'integer' },
  { key: 'a3', name: 'Partner', type: 'boolean' },
];

describe('analysis command lines', () => {
  it('--filter COLUMN=VALUE: column by name or key, value read as the column type, repeatable', () => {
    expect(
      driversRequest('/p', { filter: ['contract=Two year', 'a2=1', 'Partner=yes', 'Contract='] }, columns),
    ).toEqual({
      project: '/p',
      filters: [
        { key: 'a1', op: 'eq', value: 'Two year' },
        { key: 'a2', op: 'eq', value: 1 },
        { key: 'a3', op: 'eq', value: true },
        { key: 'a1', op: 'eq', value: null },
      ],
    });
    expect(driversRequest('/p', {}, columns)).toEqual({ project: '/p' });
    expect(() => driversRequest('/p', { filter: ['Contract'] }, columns)).toThrow(/COLUMN=VALUE/);
    expect(() => driversRequest('/p', { filter: ['SeniorCitizen=old'] }, columns)).toThrow(/numbers/);
    expect(() => driversRequest('/p', { filter: ['Region=North'] }, columns)).toThrow(UsageError);
  });

  it('churn-rate: reactivation window and annual plans', () => {
    expect(
      churnRateRequest('/p', {
        'reactivation-window': '90',
        'annual-plans': 'as-imported',
        period: 'quarter',
      }),
    ).toEqual({ project: '/p', period: 'quarter', reactivationWindowDays: 90, annualPlans: 'as-imported' });
    expect(() => churnRateRequest('/p', { 'reactivation-window': '1.5' })).toThrow(/whole number of days/);
    expect(() => churnRateRequest('/p', { 'annual-plans': 'yearly' })).toThrow(/--annual-plans/);
  });

  it('cohorts: by, measure, definition and brackets', () => {
    expect(cohortsRequest('/p', { by: 'contract', measure: 'revenue' }, columns)).toEqual({
      project: '/p',
      by: 'a1',
      measure: 'revenue',
    });
    expect(cohortsRequest('/p', { brackets: '1-1, 2-3,4-6,7' })).toEqual({
      project: '/p',
      definition: 'active-in-bracket',
      brackets: [
        [1, 1],
        [2, 3],
        [4, 6],
        [7, 7],
      ],
    });
    expect(() => cohortsRequest('/p', { brackets: '0-2' })).toThrow(/--brackets/);
    expect(() => cohortsRequest('/p', { brackets: '1-2', definition: 'active-in-period' })).toThrow(
      /active-in-bracket/,
    );
    expect(() => cohortsRequest('/p', { measure: 'money' })).toThrow(/--measure/);
  });
});
