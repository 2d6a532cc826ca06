import { describe, expect, it } from 'vitest';
import { attributeKey, coxRequest, survivalRequest } from './survival-command';
import { UsageError } from './usage-error';

const columns = [
  { key: 'id', name: 'customer_id' },
  { key: 'a1', name: 'Contract' },
  { key: 'a2', name: 'MonthlyCharges' },
  { key: 'a3', name: 'plan' },
  { key: 'a4', name: 'Plan' },
];

describe('survival command line', () => {
  it('finds a column by key, by name, or by name in any case when that is unambiguous', () => {
    expect(attributeKey(columns, 'a2', 'survival')).toBe('a2');
    expect(attributeKey(columns, 'Contract', 'survival')).toBe('a1');
    expect(attributeKey(columns, 'contract', 'survival')).toBe('a1');
    expect(attributeKey(columns, 'Plan', 'survival')).toBe('a4');
    expect(() => attributeKey(columns, 'PLAN', 'survival')).toThrow(/more than one/);
    expect(() => attributeKey(columns, 'region', 'survival')).toThrow(UsageError);
  });

  it('builds the survival.km request from the flags', () => {
    expect(survivalRequest('/p.tenure', {}, columns)).toEqual({ project: '/p.tenure' });
    expect(
      survivalRequest(
        '/p.tenure',
        { by: 'contract', conf: 'log-log', unit: 'days', times: '30,90', tau: '365', 'max-groups': '5' },
        columns,
      ),
    ).toEqual({
      project: '/p.tenure',
      groupBy: 'a1',
      conf: 'log-log',
      unit: 'days',
      times: [30, 90],
      tau: 365,
      maxGroups: 5,
    });
    expect(survivalRequest('/p.tenure', { filter: ['contract=One year'] }, columns)).toEqual({
      project: '/p.tenure',
      filters: [{ key: 'a1', op: 'eq', value: 'One year' }],
    });
    expect(() => survivalRequest('/p.tenure', { conf: 'logit' }, columns)).toThrow(/--conf/);
    expect(() => survivalRequest('/p.tenure', { times: '3,x' }, columns)).toThrow(/--times/);
  });

  it('builds the survival.cox request from the flags', () => {
    expect(
      coxRequest(
        '/p.tenure',
        { covariates: 'Contract, MonthlyCharges', reference: ['contract=Two year'], ties: 'breslow' },
        columns,
      ),
    ).toEqual({
      project: '/p.tenure',
      covariates: ['a1', 'a2'],
      references: { a1: 'Two year' },
      ties: 'breslow',
    });
    expect(() => coxRequest('/p.tenure', {}, columns)).toThrow(/--covariates/);
    expect(() => coxRequest('/p.tenure', { covariates: 'a1', reference: ['Two year'] }, columns)).toThrow(
      /COLUMN=LEVEL/,
    );
  });
});
