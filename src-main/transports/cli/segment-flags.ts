import type { CustomerFilter } from '@shared/contract/customers';
import { attributeKey } from './column-names';
import { UsageError } from './usage-error';

/**
 * `--filter COLUMN=VALUE` (repeatable) on the analysis commands: the analysis is cut to the customers
 * whose column equals the value (all filters at once), as the Customers page's segment does. The column
 * is named as shown or by its key; the value is read as the column's type (numbers, yes/no), and an
 * empty value means "missing".
 */
export const filterFlag = { filter: { type: 'string', multiple: true } } as const;

export interface FilterColumn {
  key: string;
  name: string;
  type?: string;
}

function typedValue(
  column: FilterColumn | undefined,
  text: string,
  command: string,
): string | number | boolean | null {
  if (text === '') return null;
  if (column?.type === 'integer' || column?.type === 'decimal') {
    const number = Number(text);
    if (!Number.isFinite(number))
      throw new UsageError(`--filter: "${column.name}" holds numbers, not "${text}".`, command);
    return number;
  }
  if (column?.type === 'boolean') {
    const folded = text.toLowerCase();
    if (['yes', 'true', '1'].includes(folded)) return true;
    if (['no', 'false', '0'].includes(folded)) return false;
    throw new UsageError(`--filter: "${column.name}" is yes or no, not "${text}".`, command);
  }
  return text;
}

export function segmentFilters(
  given: readonly string[] | undefined,
  columns: readonly FilterColumn[],
  command: string,
): CustomerFilter[] {
  return (given ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--filter takes COLUMN=VALUE, not "${pair}".`, command);
    const key = attributeKey(columns, pair.slice(0, at).trim(), command);
    const column = columns.find((candidate) => candidate.key === key);
    return { key, op: 'eq', value: typedValue(column, pair.slice(at + 1), command) };
  });
}

/** The request's filters field: absent without --filter, so requests stay as they were. */
export function filtersField(filters: CustomerFilter[]): { filters?: CustomerFilter[] } {
  return filters.length ? { filters } : {};
}
