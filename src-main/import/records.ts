import type { ParseOptions } from '@shared/domain/parse-options';
import { readCsvRecords, type CsvRecord, type ReadControl } from './csv-reader';

export type { CsvRecord as SourceRecord, ReadControl } from './csv-reader';

/**
 * The records of any file the importer reads (delimited text; XLSX lands with its reader), with the
 * physical line (or sheet row) each starts on. Every importer reads through this one function so a
 * new file format is one more branch here. Title rows (`options.skipRows`) are handled here too.
 * TODO(issue 3, xlsx helper): XLSX and skipRows.
 */
export function readRecords(
  path: string,
  options: ParseOptions,
  control: ReadControl = {},
): AsyncGenerator<CsvRecord> {
  return readCsvRecords(path, options, control);
}
