import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './real-services';
import { telcoCsv } from '../support/datasets';

/**
 * `tenure train`, `tenure score` and `tenure models` through the real binary (bin/tenure.mjs over the
 * built out/main/cli.js): build first with `npx electron-vite build` (out/ is shared between sessions:
 * run the build and this test under `flock /tmp/tenure-out.lock …`). Without a build the test is
 * skipped and says so, rather than building inside a test.
 */
const built = existsSync(join(root, 'out', 'main', 'cli.js'));
if (!built) console.warn('risk-cli.test.ts skipped: out/main/cli.js is missing (npx electron-vite build)');

const dir = mkdtempSync(join(tmpdir(), 'tenure-risk-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tenure(...args: string[]) {
  const outcome = spawnSync(process.execPath, [join(root, 'bin', 'tenure.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TENURE_DATA_DIR: join(dir, 'data'), TENURE_PROJECTS_DIR: join(dir, 'projects') },
  });
  return { code: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr };
}

const sklearn = JSON.parse(readFileSync(join(root, 'tests/golden/model/sklearn.json'), 'utf8')) as {
  datasets: Array<{ dataset: string; folds: { none: Array<{ fold: number; n: number; auc: number }> } }>;
};

describe.skipIf(!built)('tenure train / score / models (the built binary)', () => {
  it('trains on telco with the golden folds (fold AUCs within 0.005 of scikit-learn), scores to CSV, lists', () => {
    expect(tenure('new', 't.tenure').code).toBe(0);
    const imported = tenure(
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

    const trained = tenure(
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

    const scored = tenure('score', 't.tenure', '--model', 'reference', '--out', 'scores.csv');
    expect(scored.code, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ name: 'reference', customers: 5174 });
    const csv = readFileSync(join(dir, 'scores.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('customer_id,score,tier,value,reason_1,reason_2,reason_3');
    expect(csv[1]).toMatch(/^C\d+,0\.\d+,high,,.+ = .+ \+\d\.\d\d/);

    const models = tenure('models', 't.tenure');
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout)).toMatchObject({
      models: [{ name: 'reference', kind: 'logistic', current: true, scoredCustomers: 5174 }],
    });
    expect(tenure('score', 't.tenure', '--model', 'nope').code).toBe(1);
    expect(tenure('help', 'train').stdout).toMatch(/--folds-from FILE/);
  }, 120_000);

  it.skipIf(!built)(
    'holds out, prices a campaign, compares two models and writes the scores as XLSX',
    async () => {
      const held = tenure(
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
      expect(tenure('train', 't.tenure', '--model', 'logistic', '--holdout', '0.9').code).toBe(2);

      const trees = tenure(
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
      const compared = tenure('compare', 't.tenure', '--models', 'reference,trees');
      expect(compared.code, compared.stderr).toBe(0);
      const comparison = JSON.parse(compared.stdout) as {
        comparable: boolean;
        difference: { folds: unknown[] };
        recommendation: { name: string };
      };
      expect(comparison.comparable).toBe(true);
      expect(comparison.difference.folds).toHaveLength(5);
      expect(['reference', 'trees']).toContain(comparison.recommendation.name);
      expect(tenure('compare', 't.tenure', '--models', 'reference').code).toBe(2);
      expect(tenure('help', 'compare').stdout).toMatch(/--models A,B/);

      const scored = tenure('score', 't.tenure', '--model', 'reference', '--out', 'scores.xlsx');
      expect(scored.code, scored.stderr).toBe(0);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(dir, 'scores.xlsx'));
      const sheet = workbook.getWorksheet('Scores')!;
      expect(sheet.rowCount).toBe(5174 + 1);
      expect(sheet.getRow(1).getCell(5).value).toBe('reason_1');
      expect(sheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Number);
      expect(sheet.getRow(2).getCell(3).value).toBe('high');
    },
    180_000,
  );
});
