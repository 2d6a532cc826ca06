import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import {
  compareRequest,
  parseFoldsCsv,
  scoreRequest,
  scoresCsvHeader,
  scoresCsvLines,
  trainRequest,
} from './risk-commands';
import { UsageError } from './usage-error';

describe('tenure train flags', () => {
  it('builds the request: horizon target, features, folds from a CSV (header skipped, quotes removed)', () => {
    const files: Record<string, string> = { 'f.csv': 'id,fold\r\n"C1",0\r\nC2,1\r\n' };
    const request = trainRequest(
      '/p.tenure',
      {
        model: 'logistic',
        horizon: '90',
        cutoff: '2024-01-31',
        features: 'Contract, tenure',
        'folds-from': 'f.csv',
        seed: '7',
        l2: '10',
        name: 'm',
      },
      [],
      (path) => files[path]!,
    );
    expect(request).toEqual({
      project: '/p.tenure',
      model: 'logistic',
      target: { kind: 'horizon', horizonDays: 90, cutoff: '2024-01-31' },
      features: ['Contract', 'tenure'],
      seed: 7,
      foldsFrom: [
        { customerId: 'C1', fold: 0 },
        { customerId: 'C2', fold: 1 },
      ],
      penalty: { l2: 10 },
      name: 'm',
    });
  });

  it('tree parameters go to --model gbt only', () => {
    expect(
      trainRequest(
        '/p',
        { model: 'gbt', 'max-iter': '20', 'early-stopping': 'off', 'learning-rate': '0.2' },
        [],
      ),
    ).toEqual({ project: '/p', model: 'gbt', gbt: { maxIter: 20, earlyStopping: false, learningRate: 0.2 } });
    expect(() => trainRequest('/p', { model: 'logistic', 'max-iter': '20' }, [])).toThrow(/--model gbt/);
    expect(() => trainRequest('/p', { model: 'gbt', l2: '1' }, [])).toThrow(/--model logistic/);
    expect(() => trainRequest('/p', { model: 'gbt', 'early-stopping': 'maybe' }, [])).toThrow(
      /on, off or auto/,
    );
  });

  it('refuses what it cannot read', () => {
    expect(() => trainRequest('/p', { model: 'forest' }, [])).toThrow(UsageError);
    expect(() => trainRequest('/p', { model: 'gbt', cutoff: '2024-01-01' }, [])).toThrow(/--horizon/);
    expect(() => trainRequest('/p', { model: 'gbt', folds: '1' }, [])).toThrow(/from 2 to 20/);
    expect(() => parseFoldsCsv('id,fold\nC1,x\n', 'f.csv')).toThrow(AppError);
    expect(() => parseFoldsCsv('id,fold\n', 'f.csv')).toThrow(/no "id,fold" rows/);
  });
});

describe('tenure score flags and the scores CSV', () => {
  it('thresholds go together; reasons are written in words, formula starts neutralised', () => {
    expect(scoreRequest('/p', { model: 'm', medium: '0.3', high: '0.6' })).toEqual({
      project: '/p',
      model: 'm',
      thresholds: { medium: 0.3, high: 0.6 },
    });
    expect(() => scoreRequest('/p', { model: 'm', medium: '0.3' })).toThrow(/go together/);
    expect(() => scoreRequest('/p', {})).toThrow(/--model/);
    expect(scoresCsvHeader(2)).toBe('customer_id,score,tier,value,reason_1,reason_2\r\n');
    const lines = scoresCsvLines(
      [
        {
          customerId: '=cmd()',
          score: 0.5,
          tier: 'high',
          value: null,
          reasons: [{ feature: 'Plan', value: 'B', contribution: 1.1, text: 'Plan = B +1.10' }],
        },
      ],
      2,
    );
    expect(lines).toBe("'=cmd(),0.5,high,,Plan = B +1.10,\r\n");
  });

  it('reads the hold-out, the campaign and the models to compare', () => {
    expect(
      trainRequest(
        '/p',
        { model: 'logistic', holdout: '0.25', 'value-saved': '500', 'success-rate': '0.1' },
        [],
      ),
    ).toMatchObject({ holdout: 0.25, campaign: { valueSaved: 500, successRate: 0.1 } });
    expect(trainRequest('/p', { model: 'logistic' }, [])).not.toHaveProperty('campaign');
    expect(() => trainRequest('/p', { model: 'logistic', holdout: '0.6' }, [])).toThrow(/--holdout/);
    expect(() => trainRequest('/p', { model: 'logistic', 'success-rate': '2' }, [])).toThrow(
      /--success-rate/,
    );
    expect(compareRequest('/p', { models: 'lr, 7' })).toEqual({ project: '/p', models: ['lr', 7] });
    expect(() => compareRequest('/p', { models: 'lr' })).toThrow(/--models A,B/);
  });
});
