/**
 * Writing CSV that is safe to open in a spreadsheet. Shared by everything Tenure writes as CSV (the
 * rejected rows of an import, exports of tables and charts).
 *
 * Formula injection: Excel, LibreOffice and Google Sheets treat a cell that starts with "=", "+", "-"
 * or "@" as a formula (and a leading tab or carriage return can hide such a start), so a value from a
 * client's file such as `=HYPERLINK("http://…")` would run when the CSV is opened. Such cells get a
 * leading apostrophe, which spreadsheets show as text and do not display (OWASP, "CSV Injection").
 * The cost: a negative number written by this module reads back as text ("'-3"); use it for files
 * people open, not for data another program reads.
 */

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

/** A cell that cannot start a formula: a leading apostrophe when it would. */
export function neutraliseFormula(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): formula-neutralised, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseFormula(String(value));
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line with its CRLF ending (what RFC 4180 and Excel expect). */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
