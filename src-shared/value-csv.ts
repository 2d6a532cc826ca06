import type { ValueCustomer } from './contract/value';
import { csvLine } from './csv';

/**
 * The per-customer value list as CSV, one layout for every writer: the CLI's `clv --out` (written a
 * page at a time) and the Value table's export in the app. Cells are formula-neutralised (see csv.ts).
 */

const columns: readonly [string, (customer: ValueCustomer) => string | number | null][] = [
  ['customer_id', (c) => c.customerId],
  ['repeat_purchases', (c) => c.x],
  ['recency', (c) => c.tx],
  ['age', (c) => c.T],
  ['mean_repeat_spend', (c) => c.zbar],
  ['p_alive', (c) => c.pAlive],
  ['expected_purchases', (c) => c.expectedPurchases],
  ['expected_spend', (c) => c.expectedSpend],
  ['clv', (c) => c.clv],
  ['clv_decile', (c) => c.decile],
  ['rfm_segment', (c) => c.rfmSegment],
  ['risk_tier', (c) => c.riskTier],
];

/** The header line (CRLF-terminated, like every line). */
export const valueCsvHeader = csvLine(columns.map(([name]) => name));

/** One line per customer, without the header: for a list written in pages. */
export function valueCsvLines(customers: readonly ValueCustomer[]): string {
  return customers.map((c) => csvLine(columns.map(([, cell]) => cell(c)))).join('');
}

/** The whole file: header, then one line per customer. */
export function valueCustomersCsv(customers: readonly ValueCustomer[]): string {
  return valueCsvHeader + valueCsvLines(customers);
}
