import { useState, type ReactNode } from 'react';
import type { InspectedColumn, InspectResponse } from '@shared/contract/import';
import type { AppError } from '@shared/errors';
import { defaultMissingTokens, Encoding, type ParseOptions } from '@shared/domain/parse-options';
import { formatBytes, formatCount } from '../../ui/format';
import { ErrorPanel, Loading, Missing } from '../../ui/states';
import { findAmbiguousDate, findDecidingDate, findSeparatedNumber, readAs, readNumber } from './read-values';
import { typeLabels } from './wizard-model';

export type ParseOverrides = Partial<ParseOptions>;

/** The options chosen from a list with an automatic guess (the others have controls of their own). */
type GuessedKey = 'encoding' | 'delimiter' | 'quote' | 'hasHeader' | 'decimal' | 'dateOrder' | 'sheet';

/** One option's control: its label and the values offered, each with the name shown for it. */
type OptionSpec<K extends GuessedKey = GuessedKey> = {
  [Key in K]: { key: Key; label: string; choices: [value: ParseOptions[Key], name: string][] };
}[K];

function spec<K extends GuessedKey>(value: OptionSpec<K>): OptionSpec<K> {
  return value;
}

const encodingSpec = spec({
  key: 'encoding',
  label: 'Encoding',
  choices: Encoding.options.map((encoding) => [encoding, encoding.toUpperCase()]),
});
const delimiterSpec = spec({
  key: 'delimiter',
  label: 'Delimiter',
  choices: [
    [',', 'Comma ,'],
    [';', 'Semicolon ;'],
    ['\t', 'Tab'],
    ['|', 'Pipe |'],
    [' ', 'Space'],
    [':', 'Colon :'],
  ],
});
const quoteSpec = spec({
  key: 'quote',
  label: 'Quote',
  choices: [
    ['"', 'Double quote "'],
    ["'", "Single quote '"],
  ],
});
const headerSpec = spec({
  key: 'hasHeader',
  label: 'Header row',
  choices: [
    [true, 'Yes, the first row'],
    [false, 'No header row'],
  ],
});
const decimalSpec = spec({
  key: 'decimal',
  label: 'Number format',
  choices: [
    ['.', '1,234.56 (decimal point)'],
    [',', '1.234,56 (decimal comma)'],
  ],
});
const dateSpec = spec({
  key: 'dateOrder',
  label: 'Date format',
  choices: [
    ['ymd', 'ISO: 2024-03-31'],
    ['dmy', 'Day first: 31.03.2024, 31/03/2024'],
    ['mdy', 'Month first: 03/31/2024'],
  ],
});

/** Detection reports no quote character: its control shows the one the preview was read with, and why. */
const quoteReason = 'Fields with delimiters or line breaks are wrapped in this character.';

/** The missing-value words offered as switches (the user can add others). */
const commonMissing = ['NA', 'N/A', 'NULL', '-', ...defaultMissingTokens];

/**
 * Step 2: how the file is read. Every control starts on "Automatic" and says what was detected and why;
 * any change re-reads the preview at once, so the user sees the effect of each choice. Numbers and dates
 * show how a value from the file reads under the chosen format, and a date both orders could read is
 * spelled out both ways.
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
    if (error) return <ErrorPanel error={error} onRetry={onRetry} />;
    return <Loading label="Reading the start of the file…" />;
  }

  const set = <K extends keyof ParseOptions>(key: K, value: ParseOptions[K] | undefined) => {
    const next = { ...overrides };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const guess = <K extends GuessedKey>(key: K): { value: ParseOptions[K]; reason: string } =>
    (key === 'quote'
      ? { value: inspect.options.quote, reason: quoteReason }
      : inspect.detected[key as Exclude<GuessedKey, 'quote'>]) as { value: ParseOptions[K]; reason: string };
  const select = <K extends GuessedKey>(option: OptionSpec<K>, extra?: ReactNode) => (
    <OptionSelect
      spec={option}
      value={overrides[option.key] as ParseOptions[K] | undefined}
      detected={guess(option.key)}
      onChange={(value) => set(option.key, value)}
      extra={extra}
    />
  );
  const xlsx = inspect.format === 'xlsx';

  return (
    <div className="parse-step">
      <div className="parse-groups" aria-busy={loading}>
        <section className="panel panel-body parse-group" aria-labelledby="parse-file-title">
          <h3 id="parse-file-title">{xlsx ? 'Workbook' : 'Text file'}</h3>
          <div className="parse-options">
            {xlsx ? (
              select({
                key: 'sheet',
                label: 'Sheet',
                choices: inspect.sheets.map((sheet): [string, string] => [sheet, sheet]),
              })
            ) : (
              <>
                {select(encodingSpec)}
                {select(delimiterSpec)}
                {select(quoteSpec)}
              </>
            )}
            {select(headerSpec)}
            <SkipRows
              value={overrides.skipRows ?? inspect.options.skipRows}
              detected={inspect.detected.skipRows}
              chosen={overrides.skipRows !== undefined}
              onChange={(rows) => set('skipRows', rows)}
            />
          </div>
        </section>
        <section className="panel panel-body parse-group" aria-labelledby="parse-locale-title">
          <h3 id="parse-locale-title">Numbers and dates</h3>
          <div className="parse-options parse-options-two">
            {select(decimalSpec, <NumberExample inspect={inspect} />)}
            {select(dateSpec, <DateExample inspect={inspect} />)}
          </div>
        </section>
        <section
          className="panel panel-body parse-group parse-group-wide"
          aria-labelledby="parse-missing-title"
        >
          <h3 id="parse-missing-title">Values that mean “missing”</h3>
          <MissingTokens
            value={overrides.missing}
            detected={inspect.options.missing}
            onChange={(value) => set('missing', value)}
          />
        </section>
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
          {inspect.file.name}
          {xlsx && inspect.options.sheet ? ` · sheet “${inspect.options.sheet}”` : ''} ·{' '}
          {formatBytes(inspect.file.size)} · {inspect.columns.length} columns · first{' '}
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

/**
 * One read option: "Automatic" (what was detected, and why) or one of the spec's choices. A detected or
 * chosen value the spec does not list (an unusual delimiter) is offered too. Each <option> carries its
 * value as text; the change handler looks the real value up among the choices.
 */
function OptionSelect<K extends GuessedKey>({
  spec,
  value,
  detected,
  onChange,
  extra,
}: {
  spec: OptionSpec<K>;
  value: ParseOptions[K] | undefined;
  detected: { value: ParseOptions[K]; reason: string };
  onChange: (value: ParseOptions[K] | undefined) => void;
  /** More about the current choice under the reason (an example value read with it). */
  extra?: ReactNode;
}) {
  const { label } = spec;
  const id = `parse-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const choices: [ParseOptions[K], string][] = [...spec.choices] as [ParseOptions[K], string][];
  for (const more of [detected.value, value]) {
    if (more !== undefined && !choices.some(([choice]) => choice === more)) {
      choices.push([more, JSON.stringify(more)]);
    }
  }
  const nameOf = (of: ParseOptions[K]) =>
    choices.find(([choice]) => choice === of)?.[1] ?? JSON.stringify(of);
  return (
    <div className="field parse-option">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className={value === undefined ? 'select' : 'select select-overridden'}
        value={value === undefined ? '' : String(value)}
        onChange={(event) => onChange(choices.find(([choice]) => String(choice) === event.target.value)?.[0])}
        aria-describedby={`${id}-why`}
      >
        <option value="">Automatic: {nameOf(detected.value)}</option>
        {choices.map(([choice, name]) => (
          <option key={String(choice)} value={String(choice)}>
            {name}
          </option>
        ))}
      </select>
      <span className="field-hint" id={`${id}-why`}>
        {value === undefined ? (
          <>
            <span className="parse-detected">Detected</span> — {detected.reason}
          </>
        ) : (
          <>
            <span className="parse-overridden">Your choice</span>
            {detected.value !== value && <> (detected: {nameOf(detected.value)})</>}{' '}
            <button type="button" className="link-button" onClick={() => onChange(undefined)}>
              Back to automatic
            </button>
          </>
        )}
      </span>
      {extra}
    </div>
  );
}

/** Title lines above the header: applied on blur or Enter, not per keystroke (each change re-reads the file). */
function SkipRows({
  value,
  detected,
  chosen,
  onChange,
}: {
  value: number;
  detected: { value: number; reason: string };
  chosen: boolean;
  onChange: (rows: number | undefined) => void;
}) {
  const apply = (text: string) => {
    const rows = Number(text);
    if (Number.isInteger(rows) && rows >= 0 && rows <= 10_000 && rows !== value) onChange(rows);
  };
  return (
    <div className="field parse-option">
      <label className="field-label" htmlFor="parse-skip">
        Title rows to skip
      </label>
      <input
        id="parse-skip"
        key={value}
        className={chosen ? 'input input-number select-overridden' : 'input input-number'}
        type="number"
        min={0}
        max={10000}
        defaultValue={value}
        onBlur={(event) => apply(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply(event.currentTarget.value);
        }}
        aria-describedby="parse-skip-why"
      />
      <span className="field-hint" id="parse-skip-why">
        {chosen ? (
          <>
            <span className="parse-overridden">Your choice</span>
            {detected.value !== value && <> (detected: {detected.value})</>}{' '}
            <button type="button" className="link-button" onClick={() => onChange(undefined)}>
              Back to automatic
            </button>
          </>
        ) : (
          <>
            <span className="parse-detected">Detected</span> — {detected.reason}
          </>
        )}
      </span>
    </div>
  );
}

/**
 * The values of the preview in columns of these types, or in every column when none has them (dates read
 * with the wrong order are not typed as dates, and are just what the date example must show).
 */
function previewValues(inspect: InspectResponse, types: string[]): string[] {
  const typed = inspect.columns.filter((column) => types.includes(column.type));
  const columns = typed.length ? typed : inspect.columns;
  return inspect.preview.flatMap((row) =>
    columns.map((column) => row.values[column.index] ?? '').filter((value) => value !== ''),
  );
}

function NumberExample({ inspect }: { inspect: InspectResponse }) {
  // Only columns that read as numbers: a date like 01.02.2024 has separators too, and says nothing here.
  const numeric = inspect.columns.filter((column) => readsAs(inspect, column) === 'decimal');
  const example = findSeparatedNumber(
    inspect.preview.flatMap((row) => numeric.map((column) => row.values[column.index] ?? '')),
  );
  if (!example) return null;
  const value = readNumber(example, inspect.options.decimal);
  return (
    <div className="parse-example small">
      <p data-testid="number-example">
        <span className="mono">{example}</span> reads as{' '}
        {value === null ? (
          <strong className="parse-bad">no number</strong>
        ) : (
          <strong className="mono">{String(value)}</strong>
        )}
      </p>
    </div>
  );
}

function DateExample({ inspect }: { inspect: InspectResponse }) {
  const values = previewValues(inspect, ['date']);
  const ambiguous = findAmbiguousDate(values);
  const deciding = findDecidingDate(values);
  const order = inspect.options.dateOrder;
  if (!ambiguous && !deciding) return null;
  return (
    <div className="parse-example small" data-testid="date-example">
      {ambiguous && (
        <p>
          <span className="mono">{ambiguous.example}</span> could be <strong>{ambiguous.dayFirst}</strong> or{' '}
          <strong>{ambiguous.monthFirst}</strong>;{' '}
          {order === 'ymd' ? (
            <span className="parse-bad">neither is read with ISO dates</span>
          ) : (
            <>read as {order === 'dmy' ? ambiguous.dayFirst : ambiguous.monthFirst}</>
          )}
          .
        </p>
      )}
      {deciding && (
        <p className="muted">
          <span className="mono">{deciding.example}</span> can only be{' '}
          {deciding.order === 'dmy' ? 'day first' : 'month first'}
          {deciding.order !== order && order !== 'ymd' && (
            <strong className="parse-bad"> — it would not read as chosen</strong>
          )}
          .
        </p>
      )}
    </div>
  );
}

/**
 * The missing-value words as switches: the common ones and any the detection found, plus a field to add
 * another. The empty cell is always missing.
 */
function MissingTokens({
  value,
  detected,
  onChange,
}: {
  value: string[] | undefined;
  detected: string[];
  onChange: (value: string[] | undefined) => void;
}) {
  const [draft, setDraft] = useState('');
  const current = value ?? detected;
  const offered = [...new Set([...commonMissing, ...detected, ...current])];
  const toggle = (token: string, on: boolean) =>
    onChange(on ? [...current, token] : current.filter((existing) => existing !== token));
  const add = () => {
    const token = draft.trim();
    if (token && !current.includes(token)) onChange([...current, token]);
    setDraft('');
  };
  return (
    <div className="missing-tokens">
      <div className="missing-chips" role="group" aria-label="Values that mean missing">
        <label className="chip chip-on chip-fixed">
          <input type="checkbox" checked disabled />
          <span>(empty cell)</span>
        </label>
        {offered.map((token) => (
          <label key={token} className={current.includes(token) ? 'chip chip-on' : 'chip'}>
            <input
              type="checkbox"
              checked={current.includes(token)}
              onChange={(event) => toggle(token, event.target.checked)}
              aria-label={`Missing value ${token}`}
            />
            <span className="mono">{token}</span>
          </label>
        ))}
      </div>
      <div className="row">
        <input
          className="input input-small mono missing-add"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          placeholder="e.g. unknown"
          aria-label="Another value that means missing"
          spellCheck={false}
        />
        <button type="button" className="btn btn-small" onClick={add} disabled={!draft.trim()}>
          Add
        </button>
        <span className="field-hint">
          {value === undefined ? (
            <>
              <span className="parse-detected">Detected</span> — compared after trimming spaces; case matters.
            </>
          ) : (
            <>
              <span className="parse-overridden">Your choice</span>{' '}
              <button type="button" className="link-button" onClick={() => onChange(undefined)}>
                Back to automatic
              </button>
            </>
          )}
        </span>
      </div>
    </div>
  );
}

function PreviewTable({ inspect }: { inspect: InspectResponse }) {
  const missing = new Set(inspect.options.missing);
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
                <ReadAs inspect={inspect} column={column} />
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
                const isMissing = value === undefined || value.trim() === '' || missing.has(value.trim());
                return (
                  <td
                    key={column.index}
                    className={
                      column.type === 'integer' || column.type === 'decimal' ? 'num preview-right' : undefined
                    }
                    title={value}
                  >
                    {isMissing ? (
                      value ? (
                        <span className="cell-missing" title={`“${value}” means missing`}>
                          {value}
                        </span>
                      ) : (
                        <Missing />
                      )
                    ) : (
                      value
                    )}
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

/** The values of one column in the preview that are not missing. */
function presentValues(inspect: InspectResponse, index: number): string[] {
  const missing = new Set(inspect.options.missing);
  return inspect.preview
    .map((row) => row.values[index]?.trim() ?? '')
    .filter((value) => value !== '' && !missing.has(value));
}

/**
 * Whether a column reads as dates or numbers under the current options: its type says so, or — for a
 * column typed as text because a few values do not fit (a date column with "gestern" in it, a header line
 * repeated mid-file) — at least 80% of its preview values do.
 */
function readsAs(inspect: InspectResponse, column: InspectedColumn): 'date' | 'decimal' | null {
  if (column.type === 'date') return 'date';
  if (column.type === 'integer' || column.type === 'decimal') return 'decimal';
  if (column.type !== 'text' && column.type !== 'category') return null;
  const values = presentValues(inspect, column.index);
  if (values.length === 0) return null;
  const share = (as: 'date' | 'decimal') =>
    values.filter((value) => readAs(value, as, inspect.options) !== null).length / values.length;
  if (share('date') >= 0.8) return 'date';
  if (share('decimal') >= 0.8) return 'decimal';
  return null;
}

/** Under a column's name, when it reads as dates or numbers: its first value and how it reads ("1.234,56 → 1234.56"). */
function ReadAs({ inspect, column }: { inspect: InspectResponse; column: InspectedColumn }) {
  const as = readsAs(inspect, column);
  const raw = presentValues(inspect, column.index)[0];
  if (as === null || raw === undefined) return null;
  const read = readAs(raw, as, inspect.options);
  if (read === null || read === raw) return null;
  return (
    <span className="preview-readas mono" title={`“${raw}” reads as ${read}`}>
      {raw} → {read}
    </span>
  );
}
