import { readFileSync } from 'node:fs';
import type { RequestOf } from '@shared/contract';
import type { ScoredCustomer } from '@shared/contract/risk';
import { csvLine } from '@shared/csv';
import { AppError } from '@shared/errors';
import { filterFlag, filtersField, segmentFilters, type FilterColumn } from './segment-flags';
import { UsageError } from './usage-error';

/** `tenure train`, `tenure score` and `tenure models`: flags, requests, the scores CSV and help. */

export const trainFlags = {
  model: { type: 'string' },
  folds: { type: 'string' },
  horizon: { type: 'string' },
  cutoff: { type: 'string' },
  seed: { type: 'string' },
  features: { type: 'string' },
  'folds-from': { type: 'string' },
  name: { type: 'string' },
  replace: { type: 'boolean' },
  l2: { type: 'string' },
  l1: { type: 'string' },
  'learning-rate': { type: 'string' },
  'max-iter': { type: 'string' },
  'max-leaf-nodes': { type: 'string' },
  'min-samples-leaf': { type: 'string' },
  'early-stopping': { type: 'string' },
  holdout: { type: 'string' },
  'contact-cost': { type: 'string' },
  'value-saved': { type: 'string' },
  'success-rate': { type: 'string' },
  ...filterFlag,
} as const;

export const compareFlags = {
  models: { type: 'string' },
} as const;

export const scoreFlags = {
  model: { type: 'string' },
  out: { type: 'string' },
  medium: { type: 'string' },
  high: { type: 'string' },
  reasons: { type: 'string' },
} as const;

type Values<F> = {
  [K in keyof F]?: F[K] extends { type: 'boolean' } ? boolean : K extends 'filter' ? string[] : string;
};

function wholeNumber(value: string, flag: string, command: string, min: number, max: number): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max)
    throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not "${value}".`, command);
  return number;
}

function nonNegative(value: string, flag: string, command: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0)
    throw new UsageError(`--${flag} takes a number ≥ 0, not "${value}".`, command);
  return number;
}

/**
 * A reference's folds from a CSV `id,fold` (a header line is skipped when its fold is not a number;
 * quotes around a field are removed). Fold numbers are 0..k−1.
 */
export function parseFoldsCsv(text: string, file: string): Array<{ customerId: string; fold: number }> {
  const unquote = (field: string) => {
    const trimmed = field.trim();
    return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2
      ? trimmed.slice(1, -1).replaceAll('""', '"')
      : trimmed;
  };
  const folds: Array<{ customerId: string; fold: number }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const at = line.lastIndexOf(',');
    const id = at < 0 ? '' : unquote(line.slice(0, at));
    const foldText = at < 0 ? '' : unquote(line.slice(at + 1));
    const fold = Number(foldText);
    if (index === 0 && !/^\d+$/.test(foldText)) return; // the header
    if (id === '' || !/^\d+$/.test(foldText) || fold > 99)
      throw new AppError('PARSE_ERROR', `Expected "id,fold" with a fold number from 0 to 99.`, {
        file,
        line: index + 1,
      });
    folds.push({ customerId: id, fold });
  });
  if (folds.length === 0) throw new AppError('NO_DATA_ROWS', `${file} holds no "id,fold" rows.`, { file });
  return folds;
}

export function trainRequest(
  project: string,
  values: Values<typeof trainFlags>,
  columns: readonly FilterColumn[],
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): RequestOf<'risk.train'> {
  const command = 'train';
  const model = values.model;
  if (model !== 'logistic' && model !== 'gbt')
    throw new UsageError('train needs --model logistic or --model gbt.', command);
  if (values.cutoff !== undefined && values.horizon === undefined)
    throw new UsageError('--cutoff goes with --horizon DAYS (churn within DAYS after the cut-off).', command);
  if (values.cutoff !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.cutoff))
    throw new UsageError(`--cutoff takes a date as YYYY-MM-DD, not "${values.cutoff}".`, command);
  const target =
    values.horizon === undefined
      ? undefined
      : {
          kind: 'horizon' as const,
          horizonDays: wholeNumber(values.horizon, 'horizon', command, 1, 3650),
          ...(values.cutoff === undefined ? {} : { cutoff: values.cutoff }),
        };
  const features = values.features
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  let foldsFrom: Array<{ customerId: string; fold: number }> | undefined;
  if (values['folds-from'] !== undefined) {
    const file = values['folds-from'];
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      throw new AppError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}`, { file });
    }
    foldsFrom = parseFoldsCsv(text, file);
  }
  const penalty = {
    ...(values.l2 === undefined ? {} : { l2: nonNegative(values.l2, 'l2', command) }),
    ...(values.l1 === undefined ? {} : { l1: nonNegative(values.l1, 'l1', command) }),
  };
  const gbtGiven = (
    ['learning-rate', 'max-iter', 'max-leaf-nodes', 'min-samples-leaf', 'early-stopping'] as const
  ).filter((flag) => values[flag] !== undefined);
  if (gbtGiven.length && model !== 'gbt')
    throw new UsageError(`--${gbtGiven[0]} is a parameter of --model gbt.`, command);
  if (Object.keys(penalty).length && model !== 'logistic')
    throw new UsageError('--l2 and --l1 are penalties of --model logistic.', command);
  const earlyStopping = values['early-stopping'];
  if (earlyStopping !== undefined && !['on', 'off', 'auto'].includes(earlyStopping))
    throw new UsageError(`--early-stopping takes on, off or auto, not "${earlyStopping}".`, command);
  const learningRate =
    values['learning-rate'] === undefined
      ? undefined
      : nonNegative(values['learning-rate'], 'learning-rate', command);
  if (learningRate !== undefined && !(learningRate > 0 && learningRate <= 1))
    throw new UsageError(
      `--learning-rate takes a number in (0, 1], not "${values['learning-rate']}".`,
      command,
    );
  const gbt = {
    ...(learningRate === undefined ? {} : { learningRate }),
    ...(values['max-iter'] === undefined
      ? {}
      : { maxIter: wholeNumber(values['max-iter'], 'max-iter', command, 1, 10_000) }),
    ...(values['max-leaf-nodes'] === undefined
      ? {}
      : { maxLeafNodes: wholeNumber(values['max-leaf-nodes'], 'max-leaf-nodes', command, 2, 1024) }),
    ...(values['min-samples-leaf'] === undefined
      ? {}
      : {
          minSamplesLeaf: wholeNumber(values['min-samples-leaf'], 'min-samples-leaf', command, 1, 1_000_000),
        }),
    ...(earlyStopping === undefined
      ? {}
      : { earlyStopping: earlyStopping === 'auto' ? ('auto' as const) : earlyStopping === 'on' }),
  };
  let holdout: number | undefined;
  if (values.holdout !== undefined) {
    holdout = nonNegative(values.holdout, 'holdout', command);
    if (holdout < 0.05 || holdout > 0.5)
      throw new UsageError(`--holdout takes a share from 0.05 to 0.5, not "${values.holdout}".`, command);
  }
  const successRate =
    values['success-rate'] === undefined
      ? undefined
      : nonNegative(values['success-rate'], 'success-rate', command);
  if (successRate !== undefined && successRate > 1)
    throw new UsageError(
      `--success-rate takes a share from 0 to 1, not "${values['success-rate']}".`,
      command,
    );
  const campaign = {
    ...(values['contact-cost'] === undefined
      ? {}
      : { contactCost: nonNegative(values['contact-cost'], 'contact-cost', command) }),
    ...(values['value-saved'] === undefined
      ? {}
      : { valueSaved: nonNegative(values['value-saved'], 'value-saved', command) }),
    ...(successRate === undefined ? {} : { successRate }),
  };
  return {
    project,
    model,
    ...(target ? { target } : {}),
    ...(holdout === undefined ? {} : { holdout }),
    ...(Object.keys(campaign).length ? { campaign } : {}),
    ...(gbtGiven.length ? { gbt } : {}),
    ...(features?.length ? { features } : {}),
    ...(values.folds === undefined ? {} : { folds: wholeNumber(values.folds, 'folds', command, 2, 20) }),
    ...(values.seed === undefined
      ? {}
      : { seed: wholeNumber(values.seed, 'seed', command, -2_147_483_648, 2_147_483_647) }),
    ...(foldsFrom ? { foldsFrom } : {}),
    ...(Object.keys(penalty).length ? { penalty } : {}),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.replace ? { replace: true } : {}),
    ...filtersField(segmentFilters(values.filter, columns, command)),
  };
}

export function scoreRequest(project: string, values: Values<typeof scoreFlags>): RequestOf<'risk.score'> {
  const command = 'score';
  if (values.model === undefined || values.model.trim() === '')
    throw new UsageError('score needs --model NAME (tenure models lists the saved ones).', command);
  if ((values.medium === undefined) !== (values.high === undefined))
    throw new UsageError('--medium and --high go together.', command);
  const cut = (value: string, flag: string) => {
    const number = nonNegative(value, flag, command);
    if (number > 1)
      throw new UsageError(`--${flag} takes a probability from 0 to 1, not "${value}".`, command);
    return number;
  };
  return {
    project,
    model: values.model,
    ...(values.medium !== undefined && values.high !== undefined
      ? { thresholds: { medium: cut(values.medium, 'medium'), high: cut(values.high, 'high') } }
      : {}),
    ...(values.reasons === undefined
      ? {}
      : { reasons: wholeNumber(values.reasons, 'reasons', command, 0, 10) }),
  };
}

/** `tenure compare P --models A,B`: two saved models by name (or by id when all digits). */
export function compareRequest(
  project: string,
  values: Values<typeof compareFlags>,
): RequestOf<'risk.compare'> {
  const command = 'compare';
  const refs = (values.models ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (refs.length !== 2)
    throw new UsageError('compare needs --models A,B: two saved models (tenure models lists them).', command);
  const ref = (text: string): number | string => (/^[1-9]\d{0,9}$/.test(text) ? Number(text) : text);
  return { project, models: [ref(refs[0]!), ref(refs[1]!)] };
}

/** The scores CSV: one line per customer, riskiest first, the reasons in words (formula-safe cells). */
export function scoresCsvHeader(reasons: number): string {
  return csvLine([
    'customer_id',
    'score',
    'tier',
    'value',
    ...Array.from({ length: reasons }, (_, i) => `reason_${i + 1}`),
  ]);
}

export function scoresCsvLines(customers: readonly ScoredCustomer[], reasons: number): string {
  return customers
    .map((customer) =>
      csvLine([
        customer.customerId,
        customer.score,
        customer.tier,
        customer.value,
        ...Array.from({ length: reasons }, (_, i) => customer.reasons[i]?.text ?? ''),
      ]),
    )
    .join('');
}

export const riskHelp = {
  train: `Usage: tenure train PROJECT.tenure --model logistic|gbt [--folds 5] [--horizon DAYS [--cutoff DATE]]
                  [--seed 0] [--features A,B,C] [--folds-from FILE] [--name NAME] [--l2 X] [--l1 X]
                  [--learning-rate X] [--max-iter N] [--max-leaf-nodes N] [--min-samples-leaf N]
                  [--early-stopping on|off|auto] [--filter COLUMN=VALUE ...]

Trains a churn-risk model, validates it by stratified k-fold cross-validation and saves it in the
project. Prints the metrics as JSON: {model, folds: [{fold, auc, n, positives}], auc: {mean, sd, lower,
upper}, prAuc, logLoss, brier, baseRate, coefficients: [{term, coef, se, oddsRatio, lower, upper, p}]
(logistic) or importance: [{feature, value (mean |SHAP|), permutation}] (trees), curves: {roc, pr, gains, calibration} (from the
out-of-fold predictions), design (reference levels, standardisation, missing values), target, features,
excluded (the leakage guard: the churn flag, churn date, end date and columns derived from the churn,
with reasons), warnings, campaign, thresholds: [{threshold, truePositives, falsePositives,
trueNegatives, falseNegatives, targeted, precision, recall, expectedValue}], bestThreshold, holdout
(with --holdout), modelId, name}.

Target: without --horizon, the churned flag (a snapshot table such as the telco data). With --horizon,
churn within DAYS after a cut-off date among the customers active then, features computed as of the
cut-off only (default cut-off: the as-of date minus DAYS).

  --model M            logistic (regression, one-hot categories, standardised numbers; unpenalised
                       as R's glm unless --l2/--l1) or gbt (gradient-boosted trees)
  --folds K            K-fold cross-validation (default 5), stratified by the outcome
  --seed N             seed of the fold assignment (default 0)
  --folds-from FILE    the folds of a reference: a CSV "id,fold" (folds 0..K−1); customers not in it
                       are left out (and said so)
  --features A,B,C     the features (names as shown, or keys); default every allowed one
  --horizon DAYS       predict churn within DAYS after the cut-off instead of the churned flag
  --cutoff DATE        the cut-off (YYYY-MM-DD)
  --l2 X, --l1 X       penalty weights of the logistic model (scikit-learn's C = 1 / X)
  --learning-rate X, --max-iter N, --max-leaf-nodes N, --min-samples-leaf N,
  --early-stopping on|off|auto
                       parameters of the trees (defaults as scikit-learn: 0.1, 100, 31, 20, auto =
                       on above 10,000 customers)
  --holdout SHARE      hold out this share of the customers (0.05–0.5; stratified, drawn with the
                       seed) before anything is learnt; the final model's metrics on them are "holdout"
  --contact-cost X, --value-saved X, --success-rate S
                       the retention campaign of the expected-value table "thresholds" (0.05…0.95)
                       and "bestThreshold": value = TP × X(saved) × S − contacted × X(cost)
                       (defaults 10, 200, 0.2)
  --name NAME          the saved model's name (default "<model> <n>"); --replace overwrites one
  --filter C=VALUE     train on the customers whose column C has this value (repeatable)`,

  score: `Usage: tenure score PROJECT.tenure --model NAME [--out scores.csv|scores.xlsx] [--medium P --high P]
                  [--reasons 3]

Scores every active customer with a saved model (fit on all its training rows): the churn risk, a tier
(low / medium / high) and the top reasons ("Contract = Month-to-month +0.80": the feature's
contribution to the log-odds against an average customer). Stores the scores in the project and prints
{modelId, name, scoredAt, customers, thresholds, valueBasis, population, warnings, tiers: [{tier,
customers, meanScore, value, revenueAtRisk}]} as JSON; revenue at risk = Σ score × value (current MRR
with subscriptions, else total revenue).

  --model NAME          the saved model (tenure models lists them)
  --out FILE            also write every scored customer, riskiest first: customer_id, score, tier,
                        value, reason_1…; as XLSX when FILE ends in .xlsx, else CSV. Cells that could
                        start a spreadsheet formula are neutralised (CSV: a leading apostrophe; XLSX:
                        text cells, never formulas)
  --medium P --high P   tier cut points as probabilities (default: the 50% and 80% score quantiles)
  --reasons N           reasons kept per customer (default 3)`,

  compare: `Usage: tenure compare PROJECT.tenure --models A,B

Compares two saved models (names, or ids) side by side and prints {models: [{id, name, kind, auc,
aucSd, prAuc, logLoss, brier, folds, holdout, bestThreshold}, …], comparable, reasons, difference:
{folds: [{fold, difference}], mean, sd}, recommendation: {modelId, name, withinNoise, reason}} as JSON.
The fold AUCs are paired only when both models were trained on the same data, target, segment and
hold-out with the same folds (seed and --folds, or the same --folds-from); otherwise comparable is
false and reasons say why. Recommendation: the simpler model (logistic) when the mean AUC difference
is within the fold-wise SD of the difference ("within noise"), else the one of higher AUC.

  --models A,B          the two models (tenure models lists them)`,

  models: `Usage: tenure models PROJECT.tenure

Lists the saved churn-risk models as JSON: {models: [{id, name, kind, createdAt, features, target,
params, metrics: {auc, aucSd, prAuc, logLoss, brier, rows}, current, scoredAt, scoredCustomers}]};
current is false once an import, undo or churn-definition change came after training.`,
} as const;
