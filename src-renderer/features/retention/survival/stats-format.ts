/** How the survival, hazard and driver views write their statistics (shared by the three). */

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const threeDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** A test statistic: "2,352.9". */
export function formatStatistic(value: number): string {
  return oneDecimal.format(value);
}

/** A p-value as people read it: "p < 0.001", "p = 0.034". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${threeDecimals.format(p)}`;
}

/** The p-value alone for a table cell: "< 0.001", "0.034". */
export function formatPCell(p: number | null): string {
  if (p === null) return '—';
  if (p < 0.001) return '< 0.001';
  return threeDecimals.format(p);
}

/** A number with `digits` significant digits, for coefficients and hazard ratios: "0.112", "-2.19". */
export function formatSignificant(value: number | null, digits = 3): string {
  if (value === null) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000 || magnitude < 0.0001) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

/** A time in the survival unit, at most one decimal: "35 months", "1 month", "12.5 days". */
export function formatTime(value: number, unit: 'days' | 'months'): string {
  const text = Number.isInteger(value) ? value.toLocaleString('en-US') : oneDecimal.format(value);
  const word = unit === 'months' ? 'month' : 'day';
  return `${text} ${value === 1 ? word : `${word}s`}`;
}

/** A share (0..1) as a percentage with one decimal: "84.2%". */
export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${oneDecimal.format(share * 100)}%`;
}

/** An interval of shares: "83.0–85.4%" (an open end as "…"). */
export function formatShareInterval(lower: number | null, upper: number | null): string {
  if (lower === null && upper === null) return '—';
  const low = lower === null ? '…' : oneDecimal.format(lower * 100);
  const high = upper === null ? '…' : oneDecimal.format(upper * 100);
  return `${low}–${high}%`;
}

/** A hazard ratio: three significant digits, more close to 1 (a per-unit ratio of 1.0002 is not "1"). */
export function formatHazardRatio(value: number | null): string {
  if (value === null) return '—';
  const distance = Math.abs(value - 1);
  if (distance === 0 || distance >= 0.01) return formatSignificant(value, 3);
  return formatSignificant(value, Math.min(8, 1 + Math.ceil(-Math.log10(distance))));
}
