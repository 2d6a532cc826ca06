import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnvironment } from '../../src-main/app/environment';
import { runCli } from './cli-harness';
import { root, testEnvironment } from './real-services';
import { telcoCsv } from '../support/datasets';

/**
 * `tenure train`, `tenure score`, `tenure models` and `tenure compare` as a user types them: the CLI's
 * own entry (transports/cli/run.ts) over the real services, in this process — the same code the built
 * bin/tenure.mjs runs, without depending on a build in out/.
 */
let environment: AppEnvironment;
let dir: string;
beforeAll(() => {
  ({ environment, dir } = testEnvironment('cli'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tenure(...args: string[]) {
  const outcome = await runCli(args, { environment, cwd: dir });
  return { code: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr };
}

const sklearn = JSON.parse(readFileSync(join(root, 'tests/golden/model/sklearn.json'), 'utf8')) as {
  datasets: Array<{ dataset: string; folds: { none: Array<{ fold: number; n: number; auc: number }> } }>;
};

describe('tenure train / score / models (the built binary)', () => {
  it('trains on telco with the golden folds (fold AUCs within 0.005 of scikit-learn), scores to CSV, lists', async () => {
    expect((await tenure('new', 't.tenure')).code).toBe(0);
    const imported = await tenure(
      'import',
      't.tenure',
      telcoCsv,
      '--kind',
      'customers',
      '--map',
      'id=customer_id',
      '--map',
      'churned=Churn',
      '--map',
      'tenure=tenure',
      '--tenure-unit',
      'months',
    );
    expect(imported.code).toBe(0);

    const trained = await tenure(
      'train',
      't.tenure',
      '--model',
      'logistic',
      '--folds-from',
      join(root, 'tests/golden/model/telco-folds.csv'),
      '--name',
      'reference',
    );
    expect(trained.code, trained.stderr).toBe(0);
    const metrics = JSON.parse(trained.stdout) as {
      model: string;
      folds: Array<{ fold: number; auc: number; n: number }>;
      auc: { mean: number; sd: number };
      prAuc: number;
      logLoss: number;
      brier: number;
      coefficients: Array<{ term: string; coef: number; se: number; oddsRatio: number; p: number }>;
    };
    expect(metrics.model).toBe('logistic');
    const reference = sklearn.datasets.find((dataset) => dataset.dataset === 'telco')!.folds.none;
    for (const { fold, n, auc } of reference) {
      const ours = metrics.folds.find((entry) => entry.fold === fold)!;
      expect(ours.n).toBe(n);
      expect(Math.abs(ours.auc - auc)).toBeLessThan(0.005);
    }
    for (const key of ['prAuc', 'logLoss', 'brier'] as const)
      expect(Number.isFinite(metrics[key])).toBe(true);
    expect(metrics.coefficients[0]).toMatchObject({ term: '(Intercept)' });

    const scored = await tenure('score', 't.tenure', '--model', 'reference', '--out', 'scores.csv');
    expect(scored.code, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ name: 'reference', customers: 5174 });
    const csv = readFileSync(join(dir, 'scores.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('customer_id,score,tier,value,reason_1,reason_2,reason_3');
    expect(csv[1]).toMatch(/^C\d+,0\.\d+,high,,.+ = .+ \+\d\.\d\d/);

    const models = await tenure('models', 't.tenure');
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout)).toMatchObject({
      models: [{ name: 'reference', kind: 'logistic', current: true, scoredCustomers: 5174 }],
    });
    expect((await tenure('score', 't.tenure', '--model', 'nope')).code).toBe(1);
    expect((await tenure('help', 'train')).stdout).toMatch(/--folds-from FILE/);
  }, 120_000);

  it('holds out, prices a campaign, compares two models and writes the scores as XLSX', async () => {
    const held = await tenure(
      'train',
      't.tenure',
      '--model',
      'logistic',
      '--holdout',
      '0.2',
      '--contact-cost',
      '5',
      '--name',
      'held',
    );
    expect(held.code, held.stderr).toBe(0);
    const heldMetrics = JSON.parse(held.stdout) as {
      holdout: { n: number; positives: number; auc: number };
      campaign: { contactCost: number; valueSaved: number; successRate: number };
      thresholds: unknown[];
      bestThreshold: { expectedValue: number };
    };
    expect(heldMetrics.holdout).toMatchObject({ n: 1409, positives: 374 });
    expect(heldMetrics.campaign).toEqual({ contactCost: 5, valueSaved: 200, successRate: 0.2 });
    expect(heldMetrics.thresholds).toHaveLength(19);
    expect((await tenure('train', 't.tenure', '--model', 'logistic', '--holdout', '0.9')).code).toBe(2);

    const trees = await tenure(
      'train',
      't.tenure',
      '--model',
      'gbt',
      '--folds-from',
      join(root, 'tests/golden/model/telco-folds.csv'),
      '--max-iter',
      '30',
      '--name',
      'trees',
    );
    expect(trees.code, trees.stderr).toBe(0);
    const compared = await tenure('compare', 't.tenure', '--models', 'reference,trees');
    expect(compared.code, compared.stderr).toBe(0);
    const comparison = JSON.parse(compared.stdout) as {
      comparable: boolean;
      difference: { folds: unknown[] };
      recommendation: { name: string };
    };
    expect(comparison.comparable).toBe(true);
    expect(comparison.difference.folds).toHaveLength(5);
    expect(['reference', 'trees']).toContain(comparison.recommendation.name);
    expect((await tenure('compare', 't.tenure', '--models', 'reference')).code).toBe(2);
    expect((await tenure('help', 'compare')).stdout).toMatch(/--models A,B/);

    const scored = await tenure('score', 't.tenure', '--model', 'reference', '--out', 'scores.xlsx');
    expect(scored.code, scored.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'scores.xlsx'));
    const sheet = workbook.getWorksheet('Scores')!;
    expect(sheet.rowCount).toBe(5174 + 1);
    expect(sheet.getRow(1).getCell(5).value).toBe('reason_1');
    expect(sheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(2).getCell(3).value).toBe('high');
  }, 180_000);
});
