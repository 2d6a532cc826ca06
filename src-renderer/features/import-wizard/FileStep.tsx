import { useRef, useState, type DragEvent } from 'react';
import type { DatasetSummary, ImportSettings, InspectResponse } from '@shared/contract/import';
import { DatasetKind, datasetLabels, datasetRoles } from '@shared/domain/datasets';
import type { AppError } from '@shared/errors';
import { loadSamples, stageFile } from '../../client';
import { baseName } from '../../ui/errors';
import { formatBytes, formatCount, formatTimestamp, plural } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { ProgressBar } from '../../ui/ProgressBar';
import { ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useJob } from '../../ui/use-job';
import { seedFromSample, type WizardSeed } from './seed';
import { roleLabel } from './wizard-model';

/** What each kind of data is, in one line, for the kind picker. */
export const kindDescriptions: Record<DatasetKind, string> = {
  customers: 'One row per customer: an ID, attributes, perhaps a churned flag, start and end dates.',
  subscriptions: 'Contracts over time: customer, plan, start and end (cancel) date, monthly amount.',
  transactions: 'Orders or purchases: customer, date and amount; quantity and product if you have them.',
  events: 'Interactions: logins, support tickets, complaints, usage — customer, time and type.',
  feedback: 'Survey answers: customer, date, NPS or CSAT score, comment, cancellation reason.',
};

const acceptedFiles =
  '.csv,.tsv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Step 1: the file and what kind of data it holds. Dropping or picking a file stages it (in Electron that
 * is just its path; in browser mode the bytes are copied to the local bridge). A typed path skips the copy,
 * which matters for very large files in browser mode, where Tenure runs on this same computer. Once a file
 * is chosen, the step asks for its kind (pre-selected from the inspection's guess, with the reason) and
 * offers to repeat the last import of a file of the same shape.
 */
export function FileStep({
  file,
  onChosen,
  onClear,
  inspect,
  inspectError,
  inspecting,
  onRetry,
  kind,
  guess,
  onKind,
  datasets,
  onRepeat,
}: {
  file: WizardSeed | null;
  onChosen: (file: WizardSeed) => void;
  onClear: () => void;
  inspect: InspectResponse | undefined;
  inspectError: AppError | undefined;
  inspecting: boolean;
  onRetry: () => void;
  kind: DatasetKind | null;
  /** The kind inspection guessed before the user chose one (or the kind of the last import of the same shape), with its reason. */
  guess: { value: DatasetKind; reason: string; source: 'guessed' | 'remembered' } | null;
  onKind: (kind: DatasetKind) => void;
  datasets: DatasetSummary[] | null;
  onRepeat: (settings: ImportSettings) => void;
}) {
  if (!file) return <FilePicker onChosen={onChosen} />;
  return (
    <div className="wizard-file">
      <div className="panel panel-body chosen-file">
        <Icon name="file" size={22} className="chosen-file-icon" />
        <div className="chosen-file-text">
          <span className="chosen-file-name">{file.name}</span>
          <span className="small muted">
            {[
              file.title,
              inspect && (inspect.format === 'xlsx' ? 'Excel workbook' : 'Text file'),
              (inspect?.file.size ?? file.size) !== undefined &&
                formatBytes(inspect?.file.size ?? file.size ?? 0),
              inspect && plural(inspect.columns.length, 'column'),
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </div>
        <button type="button" className="btn btn-small" onClick={onClear}>
          Choose another file
        </button>
      </div>

      {inspect?.remembered && (
        <div className="callout callout-info remembered" role="note">
          <Icon name="history" size={18} />
          <div className="remembered-text">
            <p>
              <strong>This file has the same columns as {inspect.remembered.fileName}</strong>, imported{' '}
              {formatTimestamp(inspect.remembered.importedAt)} as{' '}
              {datasetLabels[inspect.remembered.settings.kind].many}.
            </p>
            <p className="small muted">{describeSettings(inspect.remembered.settings)}</p>
          </div>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => onRepeat(inspect.remembered!.settings)}
          >
            Import like last time
          </button>
        </div>
      )}

      {inspectError && !inspect && <ErrorPanel error={inspectError} onRetry={onRetry} />}
      {!inspect && inspecting && <Loading label="Reading the start of the file…" />}

      <fieldset className="kind-picker" aria-busy={inspecting}>
        <legend className="kind-picker-legend">What does this file hold?</legend>
        {guess && (
          <p className="small muted kind-guess" id="kind-guess">
            <span className="parse-detected">
              {guess.source === 'remembered' ? 'Last time' : 'Guessed'}: {datasetLabels[guess.value].title}
            </span>{' '}
            — {guess.reason}
          </p>
        )}
        <div className="kind-options" role="radiogroup" aria-describedby={guess ? 'kind-guess' : undefined}>
          {DatasetKind.options.map((option) => {
            const held = datasets?.find((dataset) => dataset.kind === option)?.rows ?? 0;
            const required = datasetRoles[option].filter((spec) => spec.required);
            return (
              <label key={option} className={kind === option ? 'kind-option kind-option-on' : 'kind-option'}>
                <input
                  type="radio"
                  name="dataset-kind"
                  value={option}
                  checked={kind === option}
                  onChange={() => onKind(option)}
                />
                <span className="kind-option-title">
                  {datasetLabels[option].title}
                  {guess?.value === option && (
                    <span className="badge badge-success">
                      {guess.source === 'remembered' ? 'last time' : 'guessed'}
                    </span>
                  )}
                </span>
                <span className="small muted">{kindDescriptions[option]}</span>
                <span className="small faint">
                  Needs {required.map((spec) => roleLabel(option, spec.role)).join(', ')}
                  {held > 0 &&
                    ` · the project has ${plural(held, datasetLabels[option].one, datasetLabels[option].many)}`}
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** "Semicolon-separated, decimal comma, dates dd.mm.yyyy · Kundennr → Customer ID, …" */
function describeSettings(settings: ImportSettings): string {
  const parts: string[] = [];
  const options = settings.options ?? {};
  if (options.sheet) parts.push(`sheet “${options.sheet}”`);
  if (options.delimiter)
    parts.push(`“${options.delimiter === '\t' ? 'tab' : options.delimiter}” between fields`);
  if (options.decimal) parts.push(options.decimal === ',' ? 'decimal comma' : 'decimal point');
  if (options.dateOrder) {
    parts.push({ ymd: 'ISO dates', dmy: 'dates day first', mdy: 'dates month first' }[options.dateOrder]);
  }
  const roles = Object.entries(settings.mapping).map(
    ([role, column]) => `${column} → ${roleLabel(settings.kind, role)}`,
  );
  return [...parts, ...roles].join(' · ');
}

function FilePicker({ onChosen }: { onChosen: (file: WizardSeed) => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [typedPath, setTypedPath] = useState('');
  const upload = useJob<string>();
  const samples = useAsync('samples', loadSamples);

  const stage = async (file: File) => {
    const path = await upload.run(({ signal, onProgress }) =>
      stageFile(file, {
        signal,
        onProgress: (sent, total) =>
          onProgress({ phase: 'upload', label: `Copying ${file.name}`, done: sent, total, unit: 'bytes' }),
      }),
    );
    if (path) onChosen({ path, name: file.name, size: file.size });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void stage(file);
  };

  const uploading = upload.state.status === 'running';

  return (
    <div className="wizard-file">
      <div
        className={dragging ? 'dropzone dropzone-active' : 'dropzone'}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {upload.state.status === 'running' ? (
          <ProgressBar
            progress={upload.state.progress}
            startedAt={upload.state.startedAt}
            label="Copying the file…"
            onCancel={upload.cancel}
            cancelling={upload.state.cancelling}
          />
        ) : (
          <>
            <Icon name="import" size={32} className="dropzone-icon" />
            <p className="dropzone-title">Drop a CSV or Excel file here</p>
            <p className="muted">
              Customers, subscriptions, orders, events or survey answers — comma, semicolon, tab or pipe
              separated text in any common encoding, or an .xlsx workbook.
            </p>
            <button type="button" className="btn btn-primary" onClick={() => inputRef.current?.click()}>
              Choose a file…
            </button>
            <input
              ref={inputRef}
              type="file"
              accept={acceptedFiles}
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void stage(file);
              }}
            />
          </>
        )}
      </div>
      {upload.state.status === 'failed' && (
        <ErrorPanel error={upload.state.error} title="The file could not be read" />
      )}
      {upload.state.status === 'cancelled' && <p className="muted">Copying cancelled.</p>}

      <div className="wizard-file-alternatives">
        <form
          className="panel panel-body wizard-file-path"
          onSubmit={(event) => {
            event.preventDefault();
            const path = typedPath.trim();
            if (path) onChosen({ path, name: baseName(path) });
          }}
        >
          <label className="field">
            <span className="field-label">Or type the path of a file on this computer</span>
            <div className="row">
              <input
                className="input mono wizard-path-input"
                value={typedPath}
                onChange={(event) => setTypedPath(event.target.value)}
                placeholder="/home/me/exports/orders.csv"
                spellCheck={false}
                autoComplete="off"
                disabled={uploading}
              />
              <button type="submit" className="btn" disabled={!typedPath.trim() || uploading}>
                Use this file
              </button>
            </div>
            <span className="field-hint">Reads the file where it is — best for very large files.</span>
          </label>
        </form>
        {samples.status === 'ready' && samples.data.length > 0 && (
          <div className="panel panel-body wizard-file-sample">
            <p className="field-label">Or use a sample dataset</p>
            <ul className="sample-list">
              {samples.data.map((sample) => (
                <li key={sample.id}>
                  <span className="small">
                    <strong>{sample.title}</strong>
                    <span className="muted num">
                      {' '}
                      · {formatCount(sample.rows)} {datasetLabels[sample.kind].many}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => onChosen(seedFromSample(sample))}
                    disabled={uploading}
                    aria-label={`Use the sample: ${sample.title}`}
                  >
                    Use
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}

export function FileSummary({ file }: { file: WizardSeed }) {
  return (
    <span className="file-summary">
      <Icon name="file" size={15} />
      <span className="file-summary-name">{file.name}</span>
      {file.title && <span className="muted">· {file.title}</span>}
      {file.size !== undefined && <span className="muted num">· {formatBytes(file.size)}</span>}
    </span>
  );
}
