import type { InspectResponse } from '@shared/contract/import';
import type { AppError } from '@shared/errors';
import { Encoding, type ParseOptions } from '@shared/domain/parse-options';
import { formatBytes, formatCount } from '../../ui/format';
import { ErrorPanel, Loading, Missing } from '../../ui/states';
import { typeLabels } from './wizard-model';

export type ParseOverrides = Partial<ParseOptions>;

/** The options chosen from a list (the missing-value tokens are typed instead). */
type ChoiceKey = Exclude<keyof ParseOptions, 'missing'>;

/** One option's control: its label and the values offered, each with the name shown for it. */
type OptionSpec<K extends ChoiceKey = ChoiceKey> = {
  [Key in K]: { key: Key; label: string; choices: [value: ParseOptions[Key], name: string][] };
}[K];

const optionSpecs: OptionSpec[] = [
  {
    key: 'encoding',
    label: 'Encoding',
    choices: Encoding.options.map((encoding) => [encoding, encoding.toUpperCase()]),
  },
  {
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
  },
  {
    key: 'quote',
    label: 'Quote',
    choices: [
      ['"', 'Double quote "'],
      ["'", "Single quote '"],
    ],
  },
  {
    key: 'hasHeader',
    label: 'Header row',
    choices: [
      [true, 'Yes, the first row'],
      [false, 'No header row'],
    ],
  },
  {
    key: 'decimal',
    label: 'Decimal separator',
    choices: [
      ['.', 'Point (1234.5)'],
      [',', 'Comma (1234,5)'],
    ],
  },
  {
    key: 'dateOrder',
    label: 'Date order',
    choices: [
      ['ymd', 'Y-M-D (2024-03-31)'],
      ['dmy', 'D-M-Y (31/03/2024)'],
      ['mdy', 'M-D-Y (03/31/2024)'],
    ],
  },
];

/** Detection reports no quote character: its control shows the one the preview was read with, and why. */
const quoteReason = 'Fields with delimiters or line breaks are wrapped in this character.';

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
  const guess = (key: ChoiceKey) =>
    key === 'quote' ? { value: inspect.options.quote, reason: quoteReason } : inspect.detected[key];

  return (
    <div className="parse-step">
      <div className="parse-options panel panel-body" aria-busy={loading}>
        {optionSpecs.map((spec) => (
          <OptionSelect
            key={spec.key}
            spec={spec}
            value={overrides[spec.key]}
            detected={guess(spec.key)}
            onChange={(value) => set(spec.key, value)}
          />
        ))}
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

/**
 * One read option: "Automatic" (what was detected, and why) or one of the spec's choices. A detected or
 * chosen value the spec does not list (an unusual delimiter) is offered too. Each <option> carries its
 * value as text; the change handler looks the real value up among the choices.
 */
function OptionSelect<K extends ChoiceKey>({
  spec,
  value,
  detected,
  onChange,
}: {
  spec: OptionSpec<K>;
  value: ParseOptions[K] | undefined;
  detected: { value: ParseOptions[K]; reason: string };
  onChange: (value: ParseOptions[K] | undefined) => void;
}) {
  const { label } = spec;
  const id = `parse-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const choices: [ParseOptions[K], string][] = [...spec.choices];
  for (const extra of [detected.value, value]) {
    if (extra !== undefined && !choices.some(([choice]) => choice === extra)) {
      choices.push([extra, JSON.stringify(extra)]);
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
        className="select"
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
            <span className="parse-overridden">Your choice</span> (detected: {nameOf(detected.value)})
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
                    {value === undefined || value === '' ? <Missing /> : value}
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
