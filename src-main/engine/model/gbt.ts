/**
 * Histogram gradient-boosted trees for a binary outcome (log-loss), in the manner of scikit-learn
 * 1.2's HistGradientBoostingClassifier (ensemble/_hist_gradient_boosting/gradient_boosting.py) and
 * LightGBM: features binned once from the training rows (binning.ts), one tree per iteration fitted
 * to the log-loss gradients and hessians (tree.ts), leaves shrunk by the learning rate, the initial
 * score the log-odds of the base rate, optional early stopping on a seeded stratified validation
 * split. Deterministic for a seed. Predictions bin new rows with the TRAINING edges and categories.
 */
import { applyBins, fitBins, type BinMapper, type BinnedMatrix } from './binning';
import type { FeatureColumn } from './design';
import { mulberry32, shuffleInPlace } from './gbt-random';
import { addTreeOutput, TreeGrower, type Tree } from './tree';

export interface GbtOptions {
  learningRate?: number; // 0.1
  maxIter?: number; // 100
  /** null: unlimited. Default 31. */
  maxLeafNodes?: number | null;
  /** null: unlimited (the default). Depth of the root is 0. */
  maxDepth?: number | null;
  minSamplesLeaf?: number; // 20
  l2Regularization?: number; // 0
  maxBins?: number; // 255
  /** 'auto' (the default, as sklearn): on when there are more than 10,000 training rows. */
  earlyStopping?: boolean | 'auto';
  validationFraction?: number; // 0.1
  nIterNoChange?: number; // 10
  /** A validation log-loss must improve on the one nIterNoChange iterations before by more than this. */
  tol?: number; // 1e-7
  seed?: number; // 0
}

export type ResolvedGbtOptions = Required<Omit<GbtOptions, 'earlyStopping'>> & { earlyStopping: boolean };

export interface GbtModel {
  options: ResolvedGbtOptions;
  mapper: BinMapper;
  /** Log-odds of the training base rate: the raw score before any tree. */
  baseline: number;
  trees: Tree[];
  /** Iterations kept (= trees.length). */
  nIter: number;
  /** Mean log-loss of the training rows after 0, 1, …, nIter iterations. */
  trainLoss: number[];
  /** Mean log-loss of the validation rows, when early stopping held some out. */
  validationLoss: number[] | null;
  nTrain: number;
  nValidation: number;
}

function resolve(options: GbtOptions, n: number): ResolvedGbtOptions {
  const o = {
    learningRate: options.learningRate ?? 0.1,
    maxIter: options.maxIter ?? 100,
    maxLeafNodes: options.maxLeafNodes === undefined ? 31 : options.maxLeafNodes,
    maxDepth: options.maxDepth ?? null,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    l2Regularization: options.l2Regularization ?? 0,
    maxBins: options.maxBins ?? 255,
    earlyStopping:
      options.earlyStopping === 'auto' || options.earlyStopping === undefined
        ? n > 10_000
        : options.earlyStopping,
    validationFraction: options.validationFraction ?? 0.1,
    nIterNoChange: options.nIterNoChange ?? 10,
    tol: options.tol ?? 1e-7,
    seed: options.seed ?? 0,
  };
  if (!(o.learningRate > 0)) throw new RangeError('learningRate must be > 0');
  if (!Number.isInteger(o.maxIter) || o.maxIter < 1) throw new RangeError('maxIter must be an integer ≥ 1');
  if (o.maxLeafNodes !== null && (!Number.isInteger(o.maxLeafNodes) || o.maxLeafNodes < 2))
    throw new RangeError('maxLeafNodes must be an integer ≥ 2 or null');
  if (o.maxDepth !== null && (!Number.isInteger(o.maxDepth) || o.maxDepth < 1))
    throw new RangeError('maxDepth must be an integer ≥ 1 or null');
  if (!Number.isInteger(o.minSamplesLeaf) || o.minSamplesLeaf < 1)
    throw new RangeError('minSamplesLeaf must be an integer ≥ 1');
  if (!(o.l2Regularization >= 0)) throw new RangeError('l2Regularization must be ≥ 0');
  if (!(o.validationFraction > 0 && o.validationFraction < 1))
    throw new RangeError('validationFraction must be in (0, 1)');
  if (!Number.isInteger(o.nIterNoChange) || o.nIterNoChange < 1)
    throw new RangeError('nIterNoChange must be an integer ≥ 1');
  return o;
}

/** log(1 + e^raw) − y·raw, the log-loss of one row, without overflow. */
export function rowLogLoss(y: number, raw: number): number {
  const softplus = raw > 0 ? raw + Math.log1p(Math.exp(-raw)) : Math.log1p(Math.exp(raw));
  return softplus - y * raw;
}

export const sigmoid = (raw: number): number =>
  raw >= 0 ? 1 / (1 + Math.exp(-raw)) : Math.exp(raw) / (1 + Math.exp(raw));

/** Mean of rowLogLoss over the rows. */
export function meanLogLoss(y: ArrayLike<number>, raw: Float64Array): number {
  let s = 0;
  for (let i = 0; i < raw.length; i++) s += rowLogLoss(y[i]!, raw[i]!);
  return s / raw.length;
}

/**
 * Gradient and hessian of the half binomial loss in raw-score space, as sklearn's
 * _loss.pyx cgrad_hess_half_binomial (exp(−raw) form; the exp(raw) form below −37), stored as float32.
 */
function gradientsHessians(y: Float64Array, raw: Float64Array, g: Float32Array, h: Float32Array): void {
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    const yi = y[i]!;
    if (r > -37) {
      const e = Math.exp(-r);
      g[i] = (1 - yi - yi * e) / (1 + e);
      h[i] = e / ((1 + e) * (1 + e));
    } else {
      const e = Math.exp(r);
      g[i] = e - yi;
      h[i] = e;
    }
  }
}

/** Stratified split: round(fraction · n_c) rows of each class to validation, by a seeded shuffle. */
function validationSplit(
  y: ArrayLike<number>,
  rows: Int32Array,
  fraction: number,
  seed: number,
): { train: Int32Array; validation: Int32Array } {
  const random = mulberry32(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const cls of [0, 1]) {
    const members = Array.from(rows).filter((i) => y[i] === cls);
    shuffleInPlace(members, random);
    const k = Math.round(fraction * members.length);
    // Element by element: spreading ~10⁶ arguments into push overflows the call stack.
    members.forEach((i, r) => (r < k ? validation : train).push(i));
  }
  const byIndex = (a: number, b: number): number => a - b;
  return {
    train: Int32Array.from(train.sort(byIndex)),
    validation: Int32Array.from(validation.sort(byIndex)),
  };
}

/** sklearn's _should_stop: none of the last nIterNoChange losses beats the one before them by > tol. */
function shouldStop(losses: number[], nIterNoChange: number, tol: number): boolean {
  const reference = nIterNoChange + 1;
  if (losses.length < reference) return false;
  const referenceLoss = losses[losses.length - reference]! - tol;
  return !losses.slice(losses.length - reference + 1).some((l) => l < referenceLoss);
}

/**
 * Fits the model on `rows` (all rows when omitted) of the feature columns; `y` is 0/1 per row of the
 * columns (only the selected rows are read).
 */
export function fitGbt(
  columns: readonly FeatureColumn[],
  y: ArrayLike<number>,
  options: GbtOptions = {},
  rows?: Int32Array,
): GbtModel {
  const total = columns[0]?.values.length ?? y.length;
  if (columns.length === 0) throw new RangeError('no feature columns');
  for (const c of columns)
    if (c.values.length !== total)
      throw new RangeError(`column ${c.name} has ${c.values.length} values, not ${total}`);
  if (y.length !== total) throw new RangeError(`${y.length} outcomes for ${total} rows`);
  const selected = rows ?? Int32Array.from({ length: total }, (_, i) => i);
  for (const i of selected)
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`outcome of row ${i} is not 0 or 1`);
  const o = resolve(options, selected.length);
  const { train, validation } = o.earlyStopping
    ? validationSplit(y, selected, o.validationFraction, o.seed)
    : { train: selected, validation: new Int32Array(0) };
  const n = train.length;
  if (n === 0) throw new RangeError('no training rows');

  // Bins from the training part only, as sklearn bins X_train after the validation split.
  const mapper = fitBins(columns, { maxBins: o.maxBins, seed: o.seed }, train);
  const binned = applyBins(mapper, columns, train);
  const yTrain = Float64Array.from(train, (i) => y[i]!);
  const yValidation = Float64Array.from(validation, (i) => y[i]!);
  const binnedValidation = validation.length > 0 ? applyBins(mapper, columns, validation) : null;

  // fit_intercept_only: logit of the mean clipped to [eps, 1 − eps].
  const eps = Number.EPSILON;
  const rate = Math.min(1 - eps, Math.max(eps, yTrain.reduce((s, v) => s + v, 0) / n));
  const baseline = Math.log(rate / (1 - rate));

  const grower = new TreeGrower(
    binned.bins,
    n,
    mapper.features.map((f) => ({
      categorical: f.kind === 'categorical',
      nBins: f.nBins,
      hasMissing: f.hasMissing,
    })),
    {
      maxLeafNodes: o.maxLeafNodes,
      maxDepth: o.maxDepth,
      minSamplesLeaf: o.minSamplesLeaf,
      l2Regularization: o.l2Regularization,
      shrinkage: o.learningRate,
    },
  );
  const raw = new Float64Array(n).fill(baseline);
  const rawValidation = new Float64Array(validation.length).fill(baseline);
  const g = new Float32Array(n);
  const h = new Float32Array(n);
  const trees: Tree[] = [];
  const trainLoss = [meanLogLoss(yTrain, raw)];
  const validationLoss = binnedValidation ? [meanLogLoss(yValidation, rawValidation)] : null;
  for (let iteration = 0; iteration < o.maxIter; iteration++) {
    gradientsHessians(yTrain, raw, g, h);
    const tree = grower.grow(g, h);
    trees.push(tree);
    grower.addLastTreeToTrainingScores(raw);
    trainLoss.push(meanLogLoss(yTrain, raw));
    if (binnedValidation && validationLoss) {
      addTreeOutput(tree, binnedValidation.bins, binnedValidation.n, rawValidation);
      validationLoss.push(meanLogLoss(yValidation, rawValidation));
      if (shouldStop(validationLoss, o.nIterNoChange, o.tol)) break;
    }
  }
  return {
    options: o,
    mapper,
    baseline,
    trees,
    nIter: trees.length,
    trainLoss,
    validationLoss,
    nTrain: n,
    nValidation: validation.length,
  };
}

/**
 * Raw scores (log-odds) of an already binned matrix. Rows go in blocks of 2,048 through all trees, so
 * the block's slice of every column stays in cache while the trees are walked (several times faster
 * than one tree over all rows at 10⁶ rows).
 */
export function predictGbtRawBinned(model: GbtModel, binned: BinnedMatrix): Float64Array {
  const { n, bins } = binned;
  const out = new Float64Array(n).fill(model.baseline);
  for (let start = 0; start < n; start += 2048) {
    const stop = Math.min(n, start + 2048);
    for (const tree of model.trees) addTreeOutput(tree, bins, n, out, start, stop);
  }
  return out;
}

/** Raw scores (log-odds) of `rows` (all when omitted), binned with the training edges. */
export function predictGbtRaw(
  model: GbtModel,
  columns: readonly FeatureColumn[],
  rows?: Int32Array,
): Float64Array {
  return predictGbtRawBinned(model, applyBins(model.mapper, columns, rows));
}

/** Probabilities of the positive class. */
export function predictGbtProba(
  model: GbtModel,
  columns: readonly FeatureColumn[],
  rows?: Int32Array,
): Float64Array {
  return predictGbtRaw(model, columns, rows).map(sigmoid);
}
