import ExcelJS from 'exceljs';
import type { ScoredCustomer } from '@shared/contract/risk';

/**
 * `tenure score --out scores.xlsx`: the scored customers as one worksheet, riskiest first, written as a
 * stream (rows go to the file as they come, so a million customers do not sit in memory as cells).
 *
 * Formula injection: every text cell (customer id, tier, reasons) is a shared-string cell (t="s"),
 * which a spreadsheet shows as text and never evaluates — a customer id "=HYPERLINK(…)" stays those
 * characters, without the apostrophe the CSV needs (in XLSX an apostrophe would be part of the value).
 * Nothing is ever written as a formula cell. Scores and values are number cells.
 */
export function scoresXlsxHeader(reasons: number): string[] {
  return [
    'customer_id',
    'score',
    'tier',
    'value',
    ...Array.from({ length: reasons }, (_, i) => `reason_${i + 1}`),
  ];
}

export async function writeScoresXlsx(
  path: string,
  reasons: number,
  pages: AsyncIterable<readonly ScoredCustomer[]>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Scores');
  sheet.addRow(scoresXlsxHeader(reasons)).commit();
  let written = 0;
  for await (const page of pages) {
    for (const customer of page) {
      // Strings stay strings: exceljs types a cell by the JavaScript value, never by its text.
      sheet
        .addRow([
          String(customer.customerId),
          customer.score,
          String(customer.tier),
          customer.value,
          ...Array.from({ length: reasons }, (_, i) => customer.reasons[i]?.text ?? null),
        ])
        .commit();
      written++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return written;
}
