import type { ParseOptions } from '@shared/domain/parse-options';
import { readCsvRecords, type CsvRecord, type ReadControl } from './csv-reader';
import { noDataRows, onlyTitleRows } from './file-errors';
import { isWorkbookFile, readWorkbookRecords } from './xlsx-reader';

export type { CsvRecord as SourceRecord, ReadControl } from './csv-reader';

/**
 * The records of any file the importer reads, with the physical line (or, in a workbook, the sheet's
 * row number) each starts on. Every importer reads through this one function, so a new file format
 * is one more branch here.
 *
 * - Format: an .xlsx/.xlsm file that starts like a ZIP archive is read as a workbook (`options.sheet`,
 *   or its first visible sheet; see `readWorkbookRecords`), anything else as delimited text
 *   (`readCsvRecords`). `control` means the same for both; for a workbook `onBytes` sees the raw file.
 * - Title rows: the first `options.skipRows` non-blank records (blank lines and blank rows are never
 *   counted) are dropped; the header, or the first data row, is the one after them. Line numbers stay
 *   those of the file.
 *
 * Throws what the readers throw (FILE_UNREADABLE, FILE_EMPTY, PARSE_ERROR, NOT_FOUND for a sheet the
 * workbook does not have…) and NO_DATA_ROWS when nothing is left below the title rows, or only a
 * header. The file is closed when the consumer finishes, stops early or throws.
 */
export async function* readRecords(
  path: string,
  options: ParseOptions,
  control: ReadControl = {},
): AsyncGenerator<CsvRecord> {
  if (await isWorkbookFile(path)) {
    yield* readWorkbookRecords(path, options, control);
    return;
  }
  if (options.skipRows === 0) {
    // The common case, untouched: the text reader checks for a header without data rows itself.
    yield* readCsvRecords(path, options, control);
    return;
  }
  let seen = 0;
  let kept = 0;
  for await (const record of readCsvRecords(path, { ...options, hasHeader: false }, control)) {
    seen += 1;
    if (seen <= options.skipRows) continue;
    kept += 1;
    yield record;
  }
  if (kept === 0) throw onlyTitleRows(path, seen, options.skipRows);
  if (options.hasHeader && kept === 1) throw noDataRows(path);
}
