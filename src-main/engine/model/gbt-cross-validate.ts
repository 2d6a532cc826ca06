/**
 * k-fold cross-validation of the gradient-boosted trees with given fold ids: the bins are learnt from
 * each training fold only and the held-out fold is scored with them (the loop is cross-validate.ts's).
 */
import { crossValidate, type CrossValidationOf } from './cross-validate';
import type { FeatureColumn } from './design';
import { fitGbt, predictGbtProba, type GbtOptions } from './gbt';

/** Per fold also the boosting iterations kept (fewer than maxIter when early stopping ended the fit). */
export type GbtCrossValidation = CrossValidationOf<{ nIter: number }>;

export function crossValidateGbt(
  columns: readonly FeatureColumn[],
  y: ArrayLike<number>,
  fold: ArrayLike<number>,
  options: GbtOptions = {},
): GbtCrossValidation {
  return crossValidate(y, fold, (train, test) => {
    const model = fitGbt(columns, y, options, train);
    return { p: predictGbtProba(model, columns, test), extra: { nIter: model.nIter } };
  });
}
