import type { InspectResponse } from '@shared/contract/import';
import type { AppError } from '@shared/errors';
import { Encoding, type ParseOptions } from '@shared/domain/parse-options';
import { formatBytes, formatCount } from '../../ui/format';
import { ErrorPanel, Loading } from '../../ui/states';
import { typeLabels } from './wizard-model';

export type ParseOverrides = Partial<ParseOptions>;

const delimiterNames: Record<string, string> = {
  ',': 'Comma ,',
  ';': 'Semicolon ;',
  '\t': 'Tab',
  '|': 'Pipe |',
  ' ': 'Space',
  ':': 'Colon :',
};
const quoteNames: Record<string, string> = { '"': 'Double quote "', "'": "Single quote '" };
const decimalNames: Record<string, string> = { '.': 'Point (1234.5)', ',': 'Comma (1234,5)' };
const dateOrderNames: Record<string, string> = {
  ymd: 'Y-M-D (2024-03-31)',
  dmy: 'D-M-Y (31/03/2024)',
  mdy: 'M-D-Y (03/31/2024)',
};
const headerNames: Record<string, string> = { true: 'Yes, the first row', false: 'No header row' };
const encodingNames: Record<string, string> = Object.fromEntries(
  Encoding.options.map((encoding) => [encoding, encoding.toUpperCase()]),
);

/**
 * Step 2: how the file is read. Every control starts on "Automatic" and says what was detected and why;
 * any change re-reads the preview at once, so the user sees the effect of each choice.
 */
export function ParseStep({
  inspect,
  error,
  loading,
  overrides,
  onChange,
  onRetry,
}: {
  inspect: InspectResponse | undefined;
  error: AppError | undefined;
  loading: boolean;
  overrides: ParseOverrides;
  onChange: (overrides: ParseOverrides) => void;
  onRetry: () => void;
}) {
  if (!inspect) {
    if (error) {
      return <ErrorPanel error={error} onRetry={onRetry} />;
    }
    return <Loading label="Reading the start of the file…" />;
  }

  const set = <K extends keyof ParseOptions>(key: K, value: ParseOptions[K] | undefined) => {
    const next = { ...overrides };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const { detected } = inspect;

  return (
    <div className="parse-step">
      <div className="parse-options panel panel-body" aria-busy={loading}>
        <OptionSelect
          label="Encoding"
          value={overrides.encoding}
          detected={detected.encoding.value}
          reason={detected.encoding.reason}
          names={encodingNames}
          onChange={(value) => set('encoding', value as ParseOptions['encoding'] | undefined)}
        />
        <OptionSelect
          label="Delimiter"
          value={overrides.delimiter}
          detected={detected.delimiter.value}
          reason={detected.delimiter.reason}
          names={delimiterNames}
          onChange={(value) => set('delimiter', value)}
        />
        <OptionSelect
          label="Quote"
          value={overrides.quote}
          detected={inspect.options.quote}
          reason="Fields with delimiters or line breaks are wrapped in this character."
          names={quoteNames}
          onChange={(value) => set('quote', value)}
        />
        <OptionSelect
          label="Header row"
          value={overrides.hasHeader === undefined ? undefined : String(overrides.hasHeader)}
          detected={String(detected.hasHeader.value)}
          reason={detected.hasHeader.reason}
          names={headerNames}
          onChange={(value) => set('hasHeader', value === undefined ? undefined : value === 'true')}
        />
        <OptionSelect
          label="Decimal separator"
          value={overrides.decimal}
          detected={detected.decimal.value}
          reason={detected.decimal.reason}
          names={decimalNames}
          onChange={(value) => set('decimal', value as ParseOptions['decimal'] | undefined)}
        />
        <OptionSelect
          label="Date order"
          value={overrides.dateOrder}
          detected={detected.dateOrder.value}
          reason={detected.dateOrder.reason}
          names={dateOrderNames}
          onChange={(value) => set('dateOrder', value as ParseOptions['dateOrder'] | undefined)}
        />
        <MissingTokens
          value={overrides.missing}
          detected={inspect.options.missing}
          onChange={(value) => set('missing', value)}
        />
      </div>

      {error && <ErrorPanel error={error} title="These options do not read the file" />}

      {inspect.warnings.length > 0 && (
        <div className="callout callout-warning" role="status">
          <ul className="plain-list">
            {inspect.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}

      <div className="preview-caption">
        <h3>Preview</h3>
        <span className="muted small num">
          {inspect.file.name} · {formatBytes(inspect.file.size)} · {inspect.columns.length} columns · first{' '}
          {formatCount(inspect.preview.length)} rows shown · types guessed from{' '}
          {inspect.sampleIsWholeFile
            ? `all ${formatCount(inspect.sampledRows)} rows`
            : `the first ${formatCount(inspect.sampledRows)} rows`}
        </span>
        {loading && <Loading inline label="Re-reading…" />}
      </div>
      <PreviewTable inspect={inspect} />
    </div>
  );
}

function OptionSelect({
  label,
  value,
  detected,
  reason,
  names,
  onChange,
}: {
  label: string;
  value: string | undefined;
  detected: string;
  reason: string;
  names: Record<string, string>;
  onChange: (value: string | undefined) => void;
}) {
  const id = `parse-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const choices = Object.keys(names);
  if (!choices.includes(detected)) choices.push(detected);
  if (value !== undefined && !choices.includes(value)) choices.push(value);
  const nameOf = (key: string) => names[key] ?? JSON.stringify(key);
  return (
    <div className="field parse-option">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        aria-describedby={`${id}-why`}
      >
        <option value="">Automatic: {nameOf(detected)}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {nameOf(choice)}
          </option>
        ))}
      </select>
      <span className="field-hint" id={`${id}-why`}>
        {value === undefined ? (
          <>
            <span className="parse-detected">Detected</span> — {reason}
          </>
        ) : (
          <>
            <span className="parse-overridden">Your choice</span> (detected: {nameOf(detected)})
          </>
        )}
      </span>
    </div>
  );
}

function MissingTokens({
  value,
  detected,
  onChange,
}: {
  value: string[] | undefined;
  detected: string[];
  onChange: (value: string[] | undefined) => void;
}) {
  const text = (value ?? detected).join(', ');
  return (
    <div className="field parse-option parse-option-wide">
      <label className="field-label" htmlFor="parse-missing">
        Values that mean “missing”
      </label>
      <input
        id="parse-missing"
        key={text}
        className="input mono"
        defaultValue={text}
        spellCheck={false}
        // Applied on blur or Enter, not per keystroke: each change re-reads the file.
        onBlur={(event) => {
          const tokens = event.target.value
            .split(',')
            .map((token) => token.trim())
            .filter(Boolean);
          if (tokens.join(', ') !== text) onChange(tokens);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
        }}
        aria-describedby="parse-missing-why"
      />
      <span className="field-hint" id="parse-missing-why">
        Comma-separated; an empty cell is always missing.{' '}
        {value !== undefined && (
          <button type="button" className="link-button" onClick={() => onChange(undefined)}>
            Reset
          </button>
        )}
      </span>
    </div>
  );
}

function PreviewTable({ inspect }: { inspect: InspectResponse }) {
  return (
    <div className="preview-scroll" tabIndex={0} role="region" aria-label="Preview of the first rows">
      <table className="preview-table">
        <thead>
          <tr>
            <th scope="col" className="preview-line">
              Line
            </th>
            {inspect.columns.map((column) => (
              <th scope="col" key={column.index} title={column.typeReason}>
                <span className="preview-name">{column.name}</span>
                <span className={`badge type-badge type-${column.type}`}>{typeLabels[column.type]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {inspect.preview.map((row) => (
            <tr key={row.line}>
              <td className="preview-line num">{row.line}</td>
              {inspect.columns.map((column) => {
                const value = row.values[column.index];
                return (
                  <td
                    key={column.index}
                    className={
                      column.type === 'integer' || column.type === 'decimal' ? 'num preview-right' : undefined
                    }
                    title={value}
                  >
                    {value === undefined || value === '' ? <span className="cell-missing">—</span> : value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
