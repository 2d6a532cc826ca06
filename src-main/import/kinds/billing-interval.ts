import type { BillingInterval } from '@shared/domain/datasets';
import { quoteValue, type ParsedValue } from '@shared/domain/values';

/**
 * The words a billing-interval column is written with, lower case and without blanks, dots, dashes,
 * underscores or slashes ("1 m", "1-m" and "1M" are all "1m"). English, the numbers of months, and
 * the obvious German, French and Spanish words. Anything else is refused rather than guessed: an annual amount read as
 * monthly would make the MRR twelve times too large.
 */
const words: Record<BillingInterval, readonly string[]> = {
  month: [
    ...['month', 'months', 'monthly', 'mo', 'mth', 'm', '1', '1m', '1mo', '1month', 'permonth'],
    ...['monat', 'monatlich', 'mois', 'mensuel', 'mensuelle', 'mes', 'mensual'],
  ],
  quarter: [
    ...['quarter', 'quarterly', 'q', '3', '3m', '3mo', '3months', 'perquarter'],
    ...['quartal', 'quartalsweise', 'vierteljährlich', 'vierteljaehrlich'],
    ...['trimestre', 'trimestriel', 'trimestrielle', 'trimestral'],
  ],
  year: [
    ...['year', 'years', 'yearly', 'annual', 'annually', 'yr', 'y', '12', '12m', '12mo', '12months'],
    ...['1y', '1yr', '1year', 'peryear', 'jahr', 'jährlich', 'jaehrlich'],
    ...['an', 'année', 'annuel', 'annuelle', 'año', 'anual'],
  ],
};

const byWord = new Map<string, BillingInterval>(
  (Object.entries(words) as [BillingInterval, readonly string[]][]).flatMap(([interval, list]) =>
    list.map((word) => [word, interval] as const),
  ),
);

const accepted =
  'month, quarter or year (also monthly, quarterly, yearly, annual, 1, 3, 12, 1m, 3m, 12m, ' +
  'and German, French or Spanish words such as monatlich, jährlich, mensuel, annuel, mensual, anual)';

/** A billing-interval cell (trimmed, not missing) as stored: 'month', 'quarter' or 'year', or why not. */
export function readBillingInterval(value: string): ParsedValue {
  const key = value
    .normalize('NFC')
    .toLocaleLowerCase('und')
    .replace(/[\s.\-_/]+/gu, '');
  const interval = byWord.get(key);
  if (interval !== undefined) return { ok: true, value: interval };
  return {
    ok: false,
    reason: `billing interval ${quoteValue(value)} is not one Tenure knows; use ${accepted}`,
  };
}
