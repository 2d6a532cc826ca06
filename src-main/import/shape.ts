import { createHash } from 'node:crypto';

/**
 * A file's shape: a hash of its column names in order (after any title rows; "column 1"… without a
 * header). Next month's export of the same report has the same shape, whatever its rows, so the
 * settings of the last import of that shape can be offered again. Independent of the kind of data.
 */
export function fileShape(columnNames: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(columnNames)).digest('hex').slice(0, 32);
}
