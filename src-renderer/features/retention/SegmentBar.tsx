import { useState } from 'react';
import type { CustomerColumn, CustomerFilter } from '@shared/contract/customers';
import type { CellValue } from '@shared/domain/columns';
import { client } from '../../client';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { useAsync } from '../../ui/use-async';
import { describeFilter, groupableColumns, type Segment } from './segment';

const numericOps = [
  ['gte', '≥'],
  ['lte', '≤'],
  ['gt', '>'],
  ['lt', '<'],
  ['eq', '='],
  ['neq', '≠'],
] as const;

const isNumeric = (column: CustomerColumn) =>
  column.type === 'integer' || column.type === 'decimal' || column.type === 'date';

/**
 * The segment every Retention view is cut to: the active filters as removable chips and an editor to
 * add one (a column, then a value from its most frequent ones, or a comparison for numbers and dates).
 * The segment is shared by the Retention views, so switching view keeps it.
 */
export function SegmentBar({
  project,
  columns,
  segment,
  onChange,
}: {
  project: string;
  columns: readonly CustomerColumn[];
  segment: Segment;
  onChange: (segment: Segment) => void;
}) {
  const [adding, setAdding] = useState(false);
  return (
    <div className="segment-bar" role="group" aria-label="Segment">
      <span className="segment-bar-label">
        <Icon name="filter" size={14} /> Segment
      </span>
      {segment.length === 0 && !adding && <span className="muted">All customers</span>}
      {segment.map((filter, index) => (
        <span className="segment-chip" key={`${filter.key}-${index}`}>
          {describeFilter(filter, columns)}
          <button
            type="button"
            className="segment-chip-remove"
            aria-label={`Remove filter ${describeFilter(filter, columns)}`}
            onClick={() => onChange(segment.filter((_, i) => i !== index))}
          >
            <Icon name="close" size={12} />
          </button>
        </span>
      ))}
      {adding ? (
        <FilterEditor
          project={project}
          columns={groupableColumns(columns)}
          onAdd={(filter) => {
            onChange([...segment, filter]);
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setAdding(true)}>
          <Icon name="plus" size={13} /> Add filter
        </button>
      )}
      {segment.length > 0 && !adding && (
        <button type="button" className="link-button" onClick={() => onChange([])}>
          Clear
        </button>
      )}
    </div>
  );
}

function FilterEditor({
  project,
  columns,
  onAdd,
  onCancel,
}: {
  project: string;
  columns: CustomerColumn[];
  onAdd: (filter: CustomerFilter) => void;
  onCancel: () => void;
}) {
  const [key, setKey] = useState(columns[0]?.key ?? '');
  const column = columns.find((candidate) => candidate.key === key);
  return (
    <span
      className="segment-editor"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <select
        className="select select-small"
        aria-label="Filter column"
        value={key}
        autoFocus
        onChange={(event) => setKey(event.target.value)}
      >
        {columns.map((candidate) => (
          <option key={candidate.key} value={candidate.key}>
            {candidate.name}
          </option>
        ))}
      </select>
      {column &&
        (isNumeric(column) ? (
          <ComparisonEditor key={column.key} column={column} onAdd={onAdd} />
        ) : (
          <ValueEditor key={column.key} project={project} column={column} onAdd={onAdd} />
        ))}
      <button type="button" className="btn btn-small btn-quiet" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

function ComparisonEditor({ column, onAdd }: { column: CustomerColumn; onAdd: (f: CustomerFilter) => void }) {
  const [op, setOp] = useState<(typeof numericOps)[number][0]>('gte');
  const [text, setText] = useState('');
  const isDate = column.type === 'date';
  const value = isDate ? text.trim() : Number(text.trim().replace(',', '.'));
  const valid = isDate
    ? /^\d{4}-\d{2}-\d{2}$/.test(text.trim())
    : text.trim() !== '' && Number.isFinite(value);
  return (
    <form
      className="segment-editor-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onAdd({ key: column.key, op, value });
      }}
    >
      <select
        className="select select-small"
        aria-label={`${column.name}: comparison`}
        value={op}
        onChange={(event) => setOp(event.target.value as typeof op)}
      >
        {numericOps.map(([id, symbol]) => (
          <option key={id} value={id}>
            {symbol}
          </option>
        ))}
      </select>
      <input
        className="input input-small segment-editor-value"
        aria-label={`${column.name}: value`}
        placeholder={isDate ? 'YYYY-MM-DD' : 'number'}
        inputMode={isDate ? 'numeric' : 'decimal'}
        value={text}
        aria-invalid={text !== '' && !valid}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={!valid}>
        Apply
      </button>
    </form>
  );
}

function ValueEditor({
  project,
  column,
  onAdd,
}: {
  project: string;
  column: CustomerColumn;
  onAdd: (f: CustomerFilter) => void;
}) {
  const values = useAsync(`${project}\u0000${column.key}`, (signal) =>
    client.customers.values({ project, key: column.key, limit: 100 }, { signal }),
  );
  const [chosen, setChosen] = useState<string>('');
  if (values.status === 'loading') return <span className="muted small">Reading values…</span>;
  if (values.status === 'error') return <span className="small">{values.error.message}</span>;
  const options = values.data.values;
  const encode = (value: CellValue) => JSON.stringify(value);
  const label = (value: CellValue) =>
    value === null ? '(empty)' : value === true ? 'yes' : value === false ? 'no' : String(value);
  const selected = options.find((option) => encode(option.value) === chosen) ?? options[0];
  return (
    <form
      className="segment-editor-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!selected) return;
        onAdd(
          selected.value === null
            ? { key: column.key, op: 'missing' }
            : { key: column.key, op: 'eq', value: selected.value },
        );
      }}
    >
      <span className="muted small">=</span>
      <select
        className="select select-small"
        aria-label={`${column.name}: value`}
        value={selected ? encode(selected.value) : ''}
        onChange={(event) => setChosen(event.target.value)}
      >
        {options.map((option) => (
          <option key={encode(option.value)} value={encode(option.value)}>
            {label(option.value)} ({formatCount(option.count)})
          </option>
        ))}
      </select>
      {values.data.distinct > options.length && (
        <span className="muted small">the {options.length} most frequent values</span>
      )}
      <button type="submit" className="btn btn-small btn-primary" disabled={!selected}>
        Apply
      </button>
    </form>
  );
}
