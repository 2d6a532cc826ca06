import { describe, expect, it } from 'vitest';
import type { RiskModelSummary, ScoredCustomer } from '@shared/contract/risk';
import {
  aucWithSpread,
  compareModels,
  defaultDraft,
  describeParams,
  formatContribution,
  parseCutPoints,
  requestFromDraft,
  scoreSort,
  scoresCsv,
  toggleFeature,
} from './risk-model';

function model(
  patch: Partial<RiskModelSummary> & { auc: number | null; sd: number | null },
): RiskModelSummary {
  const { auc, sd, ...rest } = patch;
  return {
    id: 1,
    name: 'm',
    kind: 'logistic',
    createdAt: '2026-01-01T00:00:00Z',
    features: ['a', 'b'],
    target: { kind: 'flag' },
    params: { folds: 5, seed: 0 },
    metrics: { auc, aucSd: sd, prAuc: 0.6, logLoss: 0.4, brier: 0.13, rows: 7043 },
    current: true,
    scoredAt: null,
    scoredCustomers: 0,
    ...rest,
  };
}

describe('requestFromDraft', () => {
  it('builds a flag logistic request with all features by default', () => {
    const built = requestFromDraft(defaultDraft, 'p.tenure', []);
    expect(built).toEqual({
      request: {
        project: 'p.tenure',
        model: 'logistic',
        target: { kind: 'flag' },
        folds: 5,
        seed: 0,
        filters: [],
        campaign: { contactCost: 10, valueSaved: 200, successRate: 0.2 },
      },
    });
  });

  it('adds the penalty, the tree parameters and the horizon target', () => {
    const l2 = requestFromDraft(
      { ...defaultDraft, penalty: 'l2', penaltyWeight: '0.5', name: ' A ', holdout: '0.2' },
      'p',
      [],
    );
    expect(l2).toMatchObject({ request: { penalty: { l2: 0.5 }, name: 'A', holdout: 0.2 } });
    expect(requestFromDraft({ ...defaultDraft, successRate: '120' }, 'p', [])).toHaveProperty('problem');
    const gbt = requestFromDraft(
      {
        ...defaultDraft,
        model: 'gbt',
        earlyStopping: 'off',
        target: 'horizon',
        horizonDays: '30',
        cutoff: '2024-01-31',
      },
      'p',
      [],
    );
    expect(gbt).toMatchObject({
      request: {
        target: { kind: 'horizon', horizonDays: 30, cutoff: '2024-01-31' },
        gbt: {
          learningRate: 0.1,
          maxLeafNodes: 31,
          minSamplesLeaf: 20,
          maxIter: 100,
          l2Regularization: 0,
          earlyStopping: false,
        },
      },
    });
    expect('penalty' in ('request' in gbt ? gbt.request : {})).toBe(false);
  });

  it('says what is wrong with a value', () => {
    expect(requestFromDraft({ ...defaultDraft, folds: '1' }, 'p', [])).toEqual({
      problem: 'Folds must be a whole number from 2 to 20.',
    });
    expect(requestFromDraft({ ...defaultDraft, features: [] }, 'p', [])).toEqual({
      problem: 'Pick at least one feature.',
    });
    expect(requestFromDraft({ ...defaultDraft, model: 'gbt', learningRate: '0' }, 'p', [])).toHaveProperty(
      'problem',
    );
    expect(
      requestFromDraft({ ...defaultDraft, target: 'horizon', cutoff: '31.01.2024' }, 'p', []),
    ).toHaveProperty('problem');
  });
});

describe('toggleFeature', () => {
  const all = ['a', 'b', 'c'];
  it('keeps the order of the features and returns null for "all"', () => {
    expect(toggleFeature(all, null, 'b', false)).toEqual(['a', 'c']);
    expect(toggleFeature(all, ['c', 'a'], 'b', true)).toBeNull();
    expect(toggleFeature(all, [], 'c', true)).toEqual(['c']);
  });
});

describe('compareModels', () => {
  it('recommends the simpler logistic model when the difference is within the fold spread', () => {
    const logistic = model({ id: 1, name: 'Logistic', auc: 0.845, sd: 0.016 });
    const trees = model({ id: 2, name: 'Trees', kind: 'gbt', auc: 0.85, sd: 0.022 });
    const c = compareModels(logistic, trees);
    expect(c.better?.name).toBe('Trees');
    expect(c.withinNoise).toBe(true);
    expect(c.recommended?.name).toBe('Logistic');
    expect(c.text).toContain('within the fold spread (SD 0.022)');
    expect(c.caveats).toEqual([]);
  });

  it('picks the better model when the difference exceeds the spread', () => {
    const a = model({ id: 1, name: 'A', auc: 0.7, sd: 0.01 });
    const b = model({ id: 2, name: 'B', kind: 'gbt', auc: 0.8, sd: 0.01 });
    const c = compareModels(a, b);
    expect(c.withinNoise).toBe(false);
    expect(c.recommended?.name).toBe('B');
    expect(c.text).toMatch(/^“B” is better: its mean AUC is higher by 0\.100/);
  });

  it('warns when the models saw different targets or folds', () => {
    const a = model({ id: 1, name: 'A', auc: 0.8, sd: 0.01 });
    const b = model({
      id: 2,
      name: 'B',
      auc: 0.8,
      sd: 0.01,
      target: { kind: 'horizon', horizonDays: 90 },
      params: { folds: 10, seed: 0 },
    });
    const c = compareModels(a, b);
    expect(c.caveats).toHaveLength(2);
    expect(c.caveats[0]).toContain('predict different things');
  });

  it('cannot compare without AUCs', () => {
    const c = compareModels(model({ auc: null, sd: null }), model({ auc: 0.8, sd: 0.01 }));
    expect(c.recommended).toBeNull();
  });
});

describe('formatting', () => {
  it('writes AUCs, contributions and parameters', () => {
    expect(aucWithSpread(0.84512, 0.0161)).toBe('0.845 ± 0.016');
    expect(aucWithSpread(null, null)).toBe('—');
    expect(formatContribution(0.8)).toBe('+0.80');
    expect(formatContribution(-0.354)).toBe('−0.35');
    expect(
      describeParams(model({ auc: 0.8, sd: 0.01, params: { folds: 5, seed: 3, penalty: { l2: 1 } } })),
    ).toBe('L2 1 · 5 folds · seed 3');
    expect(
      describeParams(
        model({
          kind: 'gbt',
          auc: 0.8,
          sd: 0.01,
          params: { folds: 5, seed: 0, gbt: { maxIter: 100, learningRate: 0.1, maxLeafNodes: 31 } },
        }),
      ),
    ).toBe('100 trees · rate 0.1 · 31 leaves · 5 folds · seed 0');
  });

  it('maps the table sorting to the scores channel', () => {
    expect(scoreSort([])).toEqual({ sort: 'risk', direction: 'desc' });
    expect(scoreSort([{ id: 'value', desc: false }])).toEqual({ sort: 'value', direction: 'asc' });
    expect(scoreSort([{ id: 'score', desc: true }])).toEqual({ sort: 'risk', direction: 'desc' });
  });
});

describe('scoresCsv', () => {
  it('writes one row per customer with the reasons, formula-safe', () => {
    const customers: ScoredCustomer[] = [
      {
        customerId: '=C1',
        score: 0.81,
        tier: 'high',
        value: 70.5,
        reasons: [
          {
            feature: 'Contract',
            value: 'Month-to-month',
            contribution: 0.8,
            text: 'Contract = Month-to-month +0.80',
          },
        ],
      },
      { customerId: 'C2', score: 0.1, tier: 'low', value: null, reasons: [] },
    ];
    const lines = scoresCsv(customers, 1).trim().split(/\r?\n/);
    expect(lines).toEqual([
      'customer_id,risk_score,tier,value,reason_1,reason_1_contribution',
      "'=C1,0.81,high,70.5,Contract = Month-to-month +0.80,0.8",
      'C2,0.1,low,,,',
    ]);
  });
});

describe('parseCutPoints', () => {
  it('reads percentages as probabilities, with a decimal comma too', () => {
    expect(parseCutPoints('20', '50')).toEqual({ medium: 0.2, high: 0.5 });
    expect(parseCutPoints(' 37,5 ', '37.5')).toEqual({ medium: 0.375, high: 0.375 });
    expect(parseCutPoints('0', '100')).toEqual({ medium: 0, high: 1 });
  });

  it('refuses what is not 0 ≤ medium ≤ high ≤ 100', () => {
    expect(parseCutPoints('60', '50')).toBeNull();
    expect(parseCutPoints('-1', '50')).toBeNull();
    expect(parseCutPoints('20', '101')).toBeNull();
    expect(parseCutPoints('', '50')).toBeNull();
    expect(parseCutPoints('a', '50')).toBeNull();
  });
});
