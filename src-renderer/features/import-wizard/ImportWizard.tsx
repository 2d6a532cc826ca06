import { useEffect, useState, type ReactNode } from 'react';
import type {
  DatasetSummary,
  ImportHistoryEntry,
  ImportReport,
  ImportSettings,
  InspectedColumn,
} from '@shared/contract/import';
import type { ProjectInfo } from '@shared/contract/project';
import { datasetLabels, type DatasetKind, type ImportMode } from '@shared/domain/datasets';
import type { AppError } from '@shared/errors';
import { client } from '../../client';
import { Dialog } from '../../ui/Dialog';
import { formatCount, plural } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Page } from '../../ui/layout/Shell';
import { ProgressBar } from '../../ui/ProgressBar';
import { ErrorPanel } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useJob, type JobState } from '../../ui/use-job';
import { FileStep, FileSummary } from './FileStep';
import { ImportReportView, SaveRejectedButton } from './ImportReportView';
import { MapStep } from './MapStep';
import { ParseStep, type ParseOverrides } from './ParseStep';
import type { WizardSeed } from './seed';
import {
  buildImportRequest,
  buildImportSettings,
  checkMapping,
  columnsSignature,
  defaultMode,
  initialMapping,
  mappingFromSettings,
  type MappingState,
} from './wizard-model';
import './wizard.css';

type Step = 'file' | 'parse' | 'map' | 'validate' | 'import';

const steps: { id: Step; label: string }[] = [
  { id: 'file', label: 'File' },
  { id: 'parse', label: 'Read options' },
  { id: 'map', label: 'Columns' },
  { id: 'validate', label: 'Validate' },
  { id: 'import', label: 'Import' },
];

/** Where the wizard may send the user when it is done. */
export type WizardExit = 'overview' | 'imports' | 'quality';

/** The mapping the user edited, for one kind and one set of columns, or an earlier import's settings. */
type Edited = { signature: string; state: MappingState } | { settings: ImportSettings } | null;

/** What a validation ran with: the import runs with exactly the same. */
interface Validated {
  settings: ImportSettings;
  mode: ImportMode;
  allowRepeat: boolean;
}

/**
 * The import wizard, one for every kind of data: file and kind → how to read it (live preview) → what the
 * columns mean (and append or replace) → a dry run that reports every row it would reject → the import
 * itself, then its report. Both runs show progress and can be cancelled; the import is one transaction in
 * the store, so a cancelled or failed import leaves the project as it was.
 */
export function ImportWizard({
  project,
  seed,
  dataVersion,
  onImported,
  onBusyChange,
  onExit,
  onRestart,
}: {
  project: ProjectInfo;
  seed: WizardSeed | null;
  /** Changes whenever the project's data changes (an import, an undo): the dataset counts are re-read. */
  dataVersion: number;
  /** `info` is the project as it now is, when the wizard had to read it back anyway. */
  onImported: (message: string, info?: ProjectInfo) => void;
  onBusyChange: (busy: boolean) => void;
  onExit: (to: WizardExit) => void;
  /** A fresh wizard, with a word for the status line (cancelled, or another file after an import). */
  onRestart: (message?: string) => void;
}) {
  const [step, setStep] = useState<Step>(seed ? 'parse' : 'file');
  const [file, setFile] = useState<WizardSeed | null>(seed);
  const [kindChoice, setKindChoice] = useState<DatasetKind | null>(seed?.kind ?? null);
  const [guess, setGuess] = useState<{ value: DatasetKind; reason: string } | null>(null);
  const [overrides, setOverrides] = useState<ParseOverrides>({});
  const [edited, setEdited] = useState<Edited>(null);
  const [modeChoice, setModeChoice] = useState<ImportMode | null>(null);
  // Rows equal to an earlier row are rejected unless the user says they are genuine repeats.
  const [keepRepeats, setKeepRepeats] = useState(false);
  const [validated, setValidated] = useState<Validated | null>(null);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [afterCancel, setAfterCancel] = useState<string | null>(null);
  const dryRun = useJob<ImportReport>();
  const importJob = useJob<ImportReport>();

  const inspect = useAsync(
    file ? JSON.stringify([file.path, kindChoice, overrides]) : null,
    async (signal) => {
      const response = await client.import.inspect(
        {
          path: file!.path,
          project: project.path,
          ...(kindChoice ? { kind: kindChoice } : {}),
          options: overrides,
          previewRows: 100,
        },
        { signal },
      );
      // Asked without a kind, inspection guesses one: kept, so the kind picker can still say so later.
      if (!kindChoice) setGuess(response.kind);
      return response;
    },
  );
  const history = useAsync(`${project.path}\u0000${dataVersion}`, (signal) =>
    client.import.history({ project: project.path }, { signal }),
  );
  const datasets = knownDatasets(history.data ?? history.previous, history.status === 'error', project);

  // While a re-read runs (or fails), the last good preview stays on screen.
  const inspected = inspect.data ?? inspect.previous;
  // A file of a shape imported before is, unless the user says otherwise, the kind it was then.
  const remembered = inspected?.remembered ?? null;
  const kind = kindChoice ?? remembered?.settings.kind ?? inspected?.kind.value ?? null;
  const kindHint = remembered
    ? {
        value: remembered.settings.kind,
        reason: `a file with these columns was imported as ${datasetLabels[remembered.settings.kind].many} last time`,
        source: 'remembered' as const,
      }
    : guess && { ...guess, source: 'guessed' as const };
  const signature = inspected ? columnsSignature(inspected.columns) : null;
  const mapping = currentMapping(
    kind,
    inspected?.columns,
    signature,
    edited ?? (remembered ? { settings: remembered.settings } : null),
    {
      ...inspected?.suggestedMapping,
      ...(file?.kind === kind ? file?.suggestedMapping : {}),
    },
    file?.tenureUnit,
  );
  const check = mapping && inspected ? checkMapping(mapping, inspected.columns) : null;
  const dataset = kind ? (datasets?.find((d) => d.kind === kind) ?? null) : null;
  const modeFor = (of: DatasetKind): ImportMode => {
    const held = datasets?.find((d) => d.kind === of)?.rows ?? 0;
    // An empty dataset is simply filled; when the counts are unknown, the kind's usual way is the safe guess.
    if (datasets && held === 0) return 'replace';
    return modeChoice ?? defaultMode(of);
  };

  // Each step starts at its top, wherever the previous one was scrolled to.
  useEffect(() => {
    document.getElementById('main')?.scrollTo({ top: 0 });
  }, [step]);

  const running = dryRun.state.status === 'running' || importJob.state.status === 'running';
  useEffect(() => onBusyChange(running), [running, onBusyChange]);

  const runValidation = (next: Validated) => {
    setValidated(next);
    setStep('validate');
    void dryRun.run(({ signal, onProgress }) =>
      client.import.run(
        buildImportRequest({ project: project.path, path: file!.path, ...next, dryRun: true }),
        { signal, onProgress },
      ),
    );
  };

  const validate = (allowRepeat = false) => {
    if (!inspected || !mapping || !kind) return;
    const settings = buildImportSettings({ options: inspected.options, columns: inspected.columns, mapping });
    runValidation({
      settings: keepRepeats ? { ...settings, duplicateRows: 'keep' } : settings,
      mode: modeFor(kind),
      allowRepeat,
    });
  };

  /** Re-validates with repeated rows kept (genuine repeats) or rejected again. */
  const validateRepeats = (keep: boolean) => {
    if (!validated) return;
    setKeepRepeats(keep);
    const { duplicateRows: _dropped, ...settings } = validated.settings;
    runValidation({ ...validated, settings: keep ? { ...settings, duplicateRows: 'keep' } : settings });
  };

  /** "Import like last time": the earlier settings, straight to the validation. */
  const repeat = (settings: ImportSettings) => {
    setKindChoice(settings.kind);
    setOverrides(settings.options ?? {});
    setEdited({ settings });
    setKeepRepeats(settings.duplicateRows === 'keep');
    runValidation({ settings, mode: modeFor(settings.kind), allowRepeat: false });
  };

  const runImport = async () => {
    if (!validated) return;
    setConfirmReplace(false);
    setAfterCancel(null);
    setStep('import');
    const before = (history.data ?? history.previous)?.imports.map((entry) => entry.id) ?? null;
    const report = await importJob.run(({ signal, onProgress }) =>
      client.import.run(
        buildImportRequest({ project: project.path, path: file!.path, ...validated, dryRun: false }),
        { signal, onProgress },
      ),
    );
    if (report) {
      onImported(importedMessage(report));
      return;
    }
    // (After a failure the error panel shows instead; the answer is then simply not shown.)
    setAfterCancel(await whatCancelLeft(project, before, validated.settings.kind));
  };

  const startImport = () => {
    const held = datasets?.find((d) => d.kind === validated?.settings.kind)?.rows ?? 0;
    if (validated?.mode === 'replace' && held > 0) setConfirmReplace(true);
    else void runImport();
  };

  const chooseFile = (chosen: WizardSeed) => {
    setFile(chosen);
    setKindChoice(chosen.kind ?? null);
    setGuess(null);
    setOverrides({});
    setEdited(null);
    setModeChoice(null);
    dryRun.reset();
  };

  const clearFile = () => {
    setFile(null);
    setKindChoice(null);
    setGuess(null);
    setOverrides({});
    setEdited(null);
    dryRun.reset();
    setStep('file');
  };

  const stepIndex = steps.findIndex((s) => s.id === step);
  const report = dryRun.state.status === 'done' ? dryRun.state.value : null;
  const done = importJob.state.status === 'done' ? importJob.state.value : null;
  const reportKind = validated?.settings.kind ?? kind;
  const labels = reportKind ? datasetLabels[reportKind] : null;

  return (
    <Page
      title={labels ? `Import ${labels.many}` : 'Import data'}
      subtitle={
        file ? (
          <FileSummary file={file} />
        ) : (
          'Customers, subscriptions, orders, events or feedback — from a CSV or Excel file.'
        )
      }
      wide
    >
      <ol className="stepper" aria-label="Import steps">
        {steps.map((s, index) => {
          const state = index < stepIndex ? 'done' : index === stepIndex ? 'current' : 'todo';
          // Done steps can be gone back to, until the import has run.
          const reachable = index < stepIndex && !running && step !== 'import';
          return (
            <li
              key={s.id}
              className={`stepper-step stepper-${state}`}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              {reachable ? (
                <button
                  type="button"
                  className="stepper-button"
                  onClick={() => setStep(s.id)}
                  aria-label={`Back to step ${index + 1}: ${s.label}`}
                >
                  <StepMark state={state} index={index} label={s.label} />
                </button>
              ) : (
                <span className="stepper-button">
                  <StepMark state={state} index={index} label={s.label} />
                </span>
              )}
            </li>
          );
        })}
      </ol>

      <div className="wizard-body">
        {step === 'file' && (
          <FileStep
            file={file}
            onChosen={chooseFile}
            onClear={clearFile}
            inspect={inspected}
            inspectError={inspect.error}
            inspecting={inspect.status === 'loading' && file !== null}
            onRetry={inspect.reload}
            kind={kind}
            guess={kindHint}
            onKind={(next) => {
              setKindChoice(next);
              setModeChoice(null);
            }}
            datasets={datasets}
            onRepeat={repeat}
          />
        )}

        {step === 'parse' && (
          <ParseStep
            inspect={inspected}
            error={inspect.error}
            loading={inspect.status === 'loading'}
            overrides={overrides}
            onChange={setOverrides}
            onRetry={inspect.reload}
          />
        )}

        {step === 'map' && inspected && mapping && check && (
          <MapStep
            columns={inspected.columns}
            mapping={mapping}
            check={check}
            onChange={(state) => signature && setEdited({ signature, state })}
            dataset={dataset}
            mode={modeFor(mapping.kind)}
            onMode={setModeChoice}
          />
        )}

        {step === 'validate' && (
          <RunPanel
            job={dryRun.state}
            runningLabel="Checking every row…"
            onCancel={dryRun.cancel}
            cancelledText="Validation cancelled. Nothing was changed."
            failedTitle="The file cannot be imported as it is"
            onRetry={() => validated && runValidation(validated)}
            onFix={(error) => setStep(fixStepFor(error))}
            extraAction={(error) =>
              error.code === 'ALREADY_IMPORTED' && validated ? (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => runValidation({ ...validated, allowRepeat: true })}
                >
                  Add it again anyway
                </button>
              ) : (
                rejectedCsvOf(error)
              )
            }
          >
            {report && (
              <>
                <ValidationVerdict report={report} held={heldOf(datasets, report.kind)} />
                <RepeatedRows
                  report={report}
                  kept={validated?.settings.duplicateRows === 'keep'}
                  onChoose={validateRepeats}
                />
                <ImportReportView report={report} />
              </>
            )}
          </RunPanel>
        )}

        {step === 'import' && (
          <RunPanel
            job={importJob.state}
            runningLabel="Importing…"
            onCancel={importJob.cancel}
            cancelledText={afterCancel ? `Import cancelled. ${afterCancel}` : 'Cancelling…'}
            failedTitle="The import failed; nothing was changed"
            onRetry={() => void runImport()}
            onFix={(error) => setStep(fixStepFor(error))}
            extraAction={rejectedCsvOf}
          >
            {done && (
              <>
                <div className="callout callout-success" role="status">
                  <Icon name="check" size={18} />
                  <p>
                    <strong>{importedMessage(done)}</strong> The import is listed on the Imports page, where
                    it can be undone.
                  </p>
                </div>
                <ImportReportView report={done} />
              </>
            )}
          </RunPanel>
        )}
      </div>

      <div className="wizard-footer">
        {step === 'parse' && (
          <button type="button" className="btn" onClick={() => setStep('file')}>
            <Icon name="arrowLeft" size={15} /> {seed && !seed.kind ? 'Choose another file' : 'Back'}
          </button>
        )}
        {(step === 'map' || step === 'validate') && (
          <button
            type="button"
            className="btn"
            disabled={running}
            onClick={() => setStep(steps[Math.max(0, stepIndex - 1)]!.id)}
          >
            <Icon name="arrowLeft" size={15} /> Back
          </button>
        )}
        {step === 'import' &&
          (importJob.state.status === 'cancelled' || importJob.state.status === 'failed') && (
            <button type="button" className="btn" onClick={() => setStep('validate')}>
              <Icon name="arrowLeft" size={15} /> Back to the validation report
            </button>
          )}
        <span className="spacer" />
        {step === 'map' && check && check.problems.length > 0 && (
          <span className="small muted wizard-footer-note">{check.problems[0]}</span>
        )}
        {step === 'file' && file && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!kind || !inspected || inspect.status !== 'ready'}
            onClick={() => setStep('parse')}
          >
            Next: read options <Icon name="arrowRight" size={15} />
          </button>
        )}
        {step === 'parse' && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!inspected || inspect.status !== 'ready'}
            onClick={() => setStep('map')}
          >
            Next: columns <Icon name="arrowRight" size={15} />
          </button>
        )}
        {step === 'map' && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!check || check.problems.length > 0 || inspect.status !== 'ready'}
            onClick={() => validate()}
          >
            Validate <Icon name="arrowRight" size={15} />
          </button>
        )}
        {step === 'validate' && report && (
          <>
            <button
              type="button"
              className="btn"
              onClick={() => onRestart('Import cancelled before it started. Nothing was changed.')}
            >
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={report.imported === 0}
              onClick={startImport}
            >
              {report.rejectedCount > 0
                ? `Import the ${plural(report.imported, `valid ${datasetLabels[report.kind].one}`, `valid ${datasetLabels[report.kind].many}`)}`
                : `Import ${plural(report.imported, datasetLabels[report.kind].one, datasetLabels[report.kind].many)}`}{' '}
              <Icon name="arrowRight" size={15} />
            </button>
          </>
        )}
        {step === 'import' && done && (
          <>
            <button type="button" className="btn" onClick={() => onRestart()}>
              Import another file
            </button>
            <button type="button" className="btn" onClick={() => onExit('imports')}>
              See all imports
            </button>
            <button type="button" className="btn btn-primary" onClick={() => onExit('overview')}>
              Open the overview <Icon name="arrowRight" size={15} />
            </button>
          </>
        )}
      </div>

      <Dialog
        open={confirmReplace}
        title={`Replace the ${labels?.many ?? 'rows'} in this project?`}
        confirmLabel="Replace and import"
        danger
        onClose={() => setConfirmReplace(false)}
        onConfirm={() => void runImport()}
      >
        <p>
          {project.name} already holds{' '}
          {labels && reportKind ? plural(heldOf(datasets, reportKind), labels.one, labels.many) : 'rows'}.
          Importing replaces them with the {report ? formatCount(report.imported) : ''} {labels?.many} of{' '}
          {file?.name}.
        </p>
        <p>If the import fails or you cancel it, the project stays as it is. Afterwards it can be undone.</p>
      </Dialog>
    </Page>
  );
}

/** The mapping on screen: what the user edited, an earlier import's, or the suggestion for the kind. */
function currentMapping(
  kind: DatasetKind | null,
  inspectedColumns: InspectedColumn[] | undefined,
  signature: string | null,
  edited: Edited,
  suggested: Record<string, string>,
  tenureUnit: WizardSeed['tenureUnit'],
): MappingState | null {
  if (!kind || !inspectedColumns || signature === null) return null;
  if (edited && 'settings' in edited && edited.settings.kind === kind) {
    return mappingFromSettings(edited.settings, inspectedColumns);
  }
  if (edited && 'state' in edited && edited.state.kind === kind && edited.signature === signature) {
    return edited.state;
  }
  const previous = edited && 'state' in edited ? edited.state : undefined;
  return initialMapping(kind, inspectedColumns, suggested, previous, tenureUnit);
}

/**
 * The datasets the project holds, from the import history; while that channel cannot answer, the
 * project's customer count stands in for the customers dataset (null: not known yet).
 */
function knownDatasets(
  history: { datasets: DatasetSummary[] } | undefined,
  failed: boolean,
  project: ProjectInfo,
): DatasetSummary[] | null {
  if (history) return history.datasets;
  if (!failed) return null;
  return project.customers > 0
    ? [{ kind: 'customers', rows: project.customers, customers: project.customers, activeImports: 1 }]
    : null;
}

function heldOf(datasets: DatasetSummary[] | null, kind: DatasetKind): number {
  return datasets?.find((d) => d.kind === kind)?.rows ?? 0;
}

function importedMessage(report: ImportReport): string {
  const labels = datasetLabels[report.kind];
  return (
    `${report.mode === 'append' ? 'Added' : 'Imported'} ${plural(report.imported, labels.one, labels.many)} from ${report.file.name}` +
    (report.rejectedCount ? ` (${plural(report.rejectedCount, 'row')} rejected).` : '.')
  );
}

/**
 * After a cancel, what the project holds: a cancel can cross the finish line, so the store is asked rather
 * than assumed. `before` are the import ids known when the import started.
 */
async function whatCancelLeft(
  project: ProjectInfo,
  before: number[] | null,
  kind: DatasetKind,
): Promise<string> {
  const labels = datasetLabels[kind];
  try {
    const now = await client.import.history({ project: project.path });
    const finished: ImportHistoryEntry | undefined = now.imports.find(
      (entry) => entry.state === 'active' && before !== null && !before.includes(entry.id),
    );
    if (finished) {
      return `It had already finished: ${plural(finished.imported, labels.one, labels.many)} were imported. Undo it on the Imports page if you did not want it.`;
    }
    const held = now.datasets.find((d) => d.kind === kind)?.rows ?? 0;
    return `Nothing was changed: the project still has ${plural(held, labels.one, labels.many)}.`;
  } catch {
    try {
      const info = await client.project.info({ project: project.path });
      if ((info.lastImport?.id ?? null) !== (project.lastImport?.id ?? null) && info.lastImport) {
        return `It had already finished: ${plural(info.lastImport.imported, labels.one, labels.many)} were imported.`;
      }
    } catch {
      // Fall through to what the transaction guarantees.
    }
    return 'Nothing was changed: the import was rolled back, so the project is as it was before.';
  }
}

/** When every row was rejected, the error carries the rejected rows as CSV: offer to save them. */
function rejectedCsvOf(error: AppError): ReactNode {
  const id = error.details?.rejectedCsv;
  return error.code === 'NOTHING_IMPORTED' && typeof id === 'string' ? <SaveRejectedButton id={id} /> : null;
}

function StepMark({ state, index, label }: { state: string; index: number; label: string }) {
  return (
    <>
      <span className="stepper-number" aria-hidden="true">
        {state === 'done' ? <Icon name="check" size={13} /> : index + 1}
      </span>
      <span className="stepper-label">{label}</span>
      {state === 'done' && <span className="visually-hidden">(done)</span>}
    </>
  );
}

/** Where in the wizard the user can fix what an error complains about. */
function fixStepFor(error: AppError): Step {
  switch (error.code) {
    case 'MAPPING_INVALID':
    case 'CHURNED_VALUE_REQUIRED':
    case 'NOTHING_IMPORTED':
    case 'ALREADY_IMPORTED':
      return 'map';
    case 'PARSE_ERROR':
    case 'NO_DATA_ROWS':
    case 'FILE_NOT_TEXT':
      return 'parse';
    default:
      return 'file';
  }
}

const fixLabels: Record<Step, string> = {
  file: 'Choose another file',
  parse: 'Change the read options',
  map: 'Change the column mapping',
  validate: 'Back',
  import: 'Back',
};

function RunPanel({
  job,
  runningLabel,
  onCancel,
  cancelledText,
  failedTitle,
  onRetry,
  onFix,
  extraAction,
  children,
}: {
  job: JobState<ImportReport>;
  runningLabel: string;
  onCancel: () => void;
  cancelledText: string;
  failedTitle: string;
  onRetry: () => void;
  onFix: (error: AppError) => void;
  extraAction?: (error: AppError) => ReactNode;
  children?: ReactNode;
}) {
  switch (job.status) {
    case 'running':
      return (
        <div className="panel panel-body run-panel">
          <ProgressBar
            progress={job.progress}
            startedAt={job.startedAt}
            label={runningLabel}
            onCancel={onCancel}
            cancelling={job.cancelling}
          />
        </div>
      );
    case 'cancelled':
      return (
        <div className="callout callout-warning run-cancelled" role="status">
          <p>{cancelledText}</p>
          <button type="button" className="btn btn-small" onClick={onRetry}>
            Run again
          </button>
        </div>
      );
    case 'failed':
      return (
        <ErrorPanel
          error={job.error}
          title={failedTitle}
          action={
            <div className="row">
              {extraAction?.(job.error)}
              <button type="button" className="btn btn-small" onClick={() => onFix(job.error)}>
                {fixLabels[fixStepFor(job.error)]}
              </button>
              <button type="button" className="btn btn-small btn-quiet" onClick={onRetry}>
                Try again
              </button>
            </div>
          }
        />
      );
    default:
      return <>{children}</>;
  }
}

/**
 * Rows equal in every field to an earlier one are rejected by default (a file pasted twice), but some data
 * repeats genuinely (CDNOW lists two identical purchases on one day as two rows): the user decides.
 */
function RepeatedRows({
  report,
  kept,
  onChoose,
}: {
  report: ImportReport;
  kept: boolean;
  onChoose: (keep: boolean) => void;
}) {
  const repeated = report.rejectionSummary.find((entry) => entry.code === 'duplicate_row')?.count ?? 0;
  if (!kept && repeated === 0) return null;
  return (
    <div className="callout callout-info repeated-rows" role="note">
      <Icon name="info" size={18} />
      <p>
        {kept
          ? 'Rows that repeat an earlier row exactly are kept, as genuine repeats.'
          : repeated === 1
            ? '1 row repeats an earlier row exactly and is rejected as a duplicate. If it is a genuine repeat (two identical orders on one day), keep it.'
            : `${plural(repeated, 'row')} repeat an earlier row exactly and are rejected as duplicates. If they are genuine repeats (two identical orders on one day), keep them.`}
      </p>
      <button type="button" className="btn btn-small" onClick={() => onChoose(!kept)}>
        {kept ? 'Reject repeated rows instead' : 'Keep repeated rows and check again'}
      </button>
    </div>
  );
}

function ValidationVerdict({ report, held }: { report: ImportReport; held: number }) {
  const labels = datasetLabels[report.kind];
  if (report.imported === 0) {
    return (
      <div className="callout callout-danger" role="status">
        <Icon name="alert" size={18} />
        <p>Every row would be rejected. Check the column mapping and the read options.</p>
      </div>
    );
  }
  const effect =
    held === 0
      ? ''
      : report.mode === 'append'
        ? ` They are added to the ${plural(held, labels.one, labels.many)} now in the project.`
        : ` They replace the ${plural(held, labels.one, labels.many)} now in the project.`;
  return (
    <div
      className={report.rejectedCount ? 'callout callout-warning' : 'callout callout-success'}
      role="status"
      data-testid="validation-verdict"
    >
      <Icon name={report.rejectedCount ? 'alert' : 'check'} size={18} />
      <p>
        <strong>{plural(report.imported, labels.one, labels.many)}</strong> can be imported
        {report.rejectedCount
          ? `; ${plural(report.rejectedCount, 'row')} would be left out (the problems are listed below).`
          : ' — every row passed the checks.'}
        {effect} Nothing has been written yet.
      </p>
    </div>
  );
}
