import type { CustomerColumn, CustomerFilter } from '@shared/contract/customers';

/** What the user typed into a column's filter cell, before it becomes a store filter. */
export interface FilterDraft {
  op: string;
  value: string;
}

const comparisonOps = [
  ['eq', '='],
  ['neq', '≠'],
  ['lt', '<'],
  ['lte', '≤'],
  ['gt', '>'],
  ['gte', '≥'],
  ['missing', 'empty'],
  ['present', 'not empty'],
] as const;

function defaultOp(column: CustomerColumn): string {
  switch (column.type) {
    case 'integer':
    case 'decimal':
    case 'date':
      return 'eq';
    case 'boolean':
      return 'any';
    default:
      return 'contains';
  }
}

/**
 * The store filter a draft means, or null when it filters nothing (empty) or cannot (a number field
 * holding something that is not a number).
 */
export function toFilter(column: CustomerColumn, draft: FilterDraft | undefined): CustomerFilter | null {
  if (!draft) return null;
  const key = column.key;
  if (draft.op === 'missing' || draft.op === 'present') return { key, op: draft.op };
  if (column.type === 'boolean') {
    if (draft.op === 'yes') return { key, op: 'eq', value: true };
    if (draft.op === 'no') return { key, op: 'eq', value: false };
    return null;
  }
  const text = draft.value.trim();
  if (!text) return null;
  if (column.type === 'integer' || column.type === 'decimal') {
    const number = parseNumber(text);
    return number === null ? null : comparison(key, draft.op, number);
  }
  if (column.type === 'date') return comparison(key, draft.op, text);
  return { key, op: 'contains', value: text };
}

/** A number typed into a filter, with a decimal point or comma; null when it is not a number. */
function parseNumber(text: string): number | null {
  const number = Number(text.trim().replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}

function comparison(key: string, op: string, value: number | string): CustomerFilter | null {
  switch (op) {
    case 'eq':
    case 'neq':
      return { key, op, value };
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return { key, op, value };
    default:
      return null;
  }
}

function isInvalidDraft(column: CustomerColumn, draft: FilterDraft | undefined): boolean {
  if (!draft || !draft.value.trim()) return false;
  if (column.type === 'integer' || column.type === 'decimal') return parseNumber(draft.value) === null;
  if (column.type === 'date') return !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(draft.value.trim());
  return false;
}

/** The filter control under a column header: its kind follows the column's type. */
export function FilterCell({
  column,
  draft,
  onChange,
}: {
  column: CustomerColumn;
  draft: FilterDraft | undefined;
  onChange: (draft: FilterDraft | undefined) => void;
}) {
  const op = draft?.op ?? defaultOp(column);
  const value = draft?.value ?? '';
  const label = `Filter ${column.name}`;

  if (column.type === 'boolean') {
    return (
      <select
        className="select select-small filter-full"
        aria-label={label}
        value={op}
        onChange={(event) =>
          onChange(event.target.value === 'any' ? undefined : { op: event.target.value, value: '' })
        }
      >
        <option value="any">Any</option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
        <option value="missing">Empty</option>
      </select>
    );
  }

  if (column.type === 'integer' || column.type === 'decimal' || column.type === 'date') {
    const needsValue = op !== 'missing' && op !== 'present';
    return (
      <>
        <select
          className="select select-small filter-op"
          aria-label={`${label}: comparison`}
          value={op}
          onChange={(event) => onChange({ op: event.target.value, value })}
        >
          {comparisonOps.map(([id, symbol]) => (
            <option key={id} value={id}>
              {symbol}
            </option>
          ))}
        </select>
        {needsValue && (
          <input
            className="input input-small filter-value"
            aria-label={`${label}: value`}
            aria-invalid={isInvalidDraft(column, draft)}
            inputMode={column.type === 'date' ? 'numeric' : 'decimal'}
            placeholder={column.type === 'date' ? 'YYYY-MM-DD' : 'value'}
            value={value}
            onChange={(event) =>
              onChange(event.target.value || op !== 'eq' ? { op, value: event.target.value } : undefined)
            }
          />
        )}
      </>
    );
  }

  return (
    <input
      className="input input-small filter-full"
      aria-label={`${label} (contains)`}
      placeholder="contains…"
      value={value}
      onChange={(event) =>
        onChange(event.target.value ? { op: 'contains', value: event.target.value } : undefined)
      }
    />
  );
}
