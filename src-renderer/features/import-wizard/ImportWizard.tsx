import { useEffect, useState, type ReactNode } from 'react';
import type { ImportReport } from '@shared/contract/import';
import type { ProjectInfo } from '@shared/contract/project';
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
import { ImportReportView } from './ImportReportView';
import { MapStep } from './MapStep';
import { ParseStep, type ParseOverrides } from './ParseStep';
import type { WizardSeed } from './seed';
import {
  buildImportRequest,
  checkMapping,
  columnsSignature,
  initialMapping,
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

/**
 * The import wizard: file → how to read it (live preview) → what the columns mean → a dry run that
 * reports every row it would reject → the import itself. Both runs show progress and can be cancelled;
 * the import is one transaction in the store, so a cancelled or failed import leaves the project as it was.
 */
export function ImportWizard({
  project,
  seed,
  onImported,
  onBusyChange,
}: {
  project: ProjectInfo;
  seed: WizardSeed | null;
  /** `info` is the project as it now is, when the wizard had to read it back anyway. */
  onImported: (message: string, info?: ProjectInfo) => void;
  onBusyChange: (busy: boolean) => void;
}) {
  const [step, setStep] = useState<Step>(seed ? 'parse' : 'file');
  const [file, setFile] = useState<WizardSeed | null>(seed);
  const [overrides, setOverrides] = useState<ParseOverrides>({});
  const [edited, setEdited] = useState<{ signature: string; state: MappingState } | null>(null);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [afterCancel, setAfterCancel] = useState<string | null>(null);
  const dryRun = useJob<ImportReport>();
  const importJob = useJob<ImportReport>();

  const inspect = useAsync(file ? JSON.stringify([file.path, overrides]) : null, (signal) =>
    client.import.inspect({ path: file!.path, options: overrides, previewRows: 100 }, { signal }),
  );
  // While a re-read runs (or fails), the last good preview stays on screen.
  const inspected = inspect.data ?? inspect.previous;
  const signature = inspected ? columnsSignature(inspected.columns) : null;
  const suggested = { ...inspected?.suggestedMapping, ...file?.suggestedMapping };
  const mapping =
    inspected && signature
      ? edited?.signature === signature
        ? edited.state
        : initialMapping(inspected.columns, suggested, edited?.state, file?.tenureUnit)
      : null;
  const check = mapping && inspected ? checkMapping(mapping, inspected.columns) : null;

  // Each step starts at its top, wherever the previous one was scrolled to.
  useEffect(() => {
    document.getElementById('main')?.scrollTo({ top: 0 });
  }, [step]);

  const running = dryRun.state.status === 'running' || importJob.state.status === 'running';
  useEffect(() => onBusyChange(running), [running, onBusyChange]);

  const request = (isDryRun: boolean) =>
    buildImportRequest({
      project: project.path,
      path: file!.path,
      options: inspected!.options,
      columns: inspected!.columns,
      mapping: mapping!,
      dryRun: isDryRun,
    });

  const validate = () => {
    setStep('validate');
    void dryRun.run(({ signal, onProgress }) => client.import.run(request(true), { signal, onProgress }));
  };

  const runImport = async () => {
    setConfirmReplace(false);
    setAfterCancel(null);
    setStep('import');
    const before = project.lastImport?.id ?? null;
    const report = await importJob.run(({ signal, onProgress }) =>
      client.import.run(request(false), { signal, onProgress }),
    );
    if (report) {
      onImported(
        `Imported ${plural(report.imported, 'customer')} from ${report.file.name}` +
          (report.rejectedCount ? ` (${formatCount(report.rejectedCount)} rows rejected)` : '') +
          '.',
      );
      return;
    }
    // A cancel can cross the finish line: ask the store what it holds rather than assume.
    try {
      const now = await client.project.info({ project: project.path });
      if ((now.lastImport?.id ?? null) !== before && now.lastImport) {
        onImported(
          `The import had already finished when you cancelled: ${plural(now.lastImport.imported, 'customer')} imported.`,
          now,
        );
      } else {
        setAfterCancel(
          `The project is unchanged: it still has ${plural(now.customers, 'customer')}` +
            (now.lastImport ? ` from ${now.lastImport.fileName}.` : '.'),
        );
      }
    } catch {
      setAfterCancel('The import was rolled back, so the project is as it was before.');
    }
  };

  const startImport = () => {
    if (project.customers > 0) setConfirmReplace(true);
    else void runImport();
  };

  const chooseFile = (chosen: WizardSeed) => {
    setFile(chosen);
    setOverrides({});
    setEdited(null);
    dryRun.reset();
    setStep('parse');
  };

  const stepIndex = steps.findIndex((s) => s.id === step);
  const report = dryRun.state.status === 'done' ? dryRun.state.value : null;

  return (
    <Page
      title="Import customers"
      subtitle={file ? <FileSummary file={file} /> : 'One row per customer, from a CSV file.'}
      wide
    >
      <ol className="stepper" aria-label="Import steps">
        {steps.map((s, index) => {
          const state = index < stepIndex ? 'done' : index === stepIndex ? 'current' : 'todo';
          // Done steps can be gone back to (the import step is last, so it is never among them).
          const reachable = index < stepIndex && !running;
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
        {step === 'file' && <FileStep onChosen={chooseFile} />}

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
          />
        )}

        {step === 'validate' && (
          <RunPanel
            job={dryRun.state}
            runningLabel="Checking every row…"
            onCancel={dryRun.cancel}
            cancelledText="Validation cancelled. Nothing was changed."
            failedTitle="The file cannot be imported as it is"
            onRetry={validate}
            onFix={(error) => setStep(fixStepFor(error))}
          >
            {report && (
              <>
                <ValidationVerdict report={report} project={project} />
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
            failedTitle="The import failed; the project is unchanged"
            onRetry={() => void runImport()}
            onFix={(error) => setStep(fixStepFor(error))}
          />
        )}
      </div>

      <div className="wizard-footer">
        {step !== 'file' && step !== 'import' && (
          <button
            type="button"
            className="btn"
            disabled={running}
            onClick={() => setStep(steps[Math.max(0, stepIndex - 1)]!.id)}
          >
            <Icon name="arrowLeft" size={15} /> {step === 'parse' ? 'Choose another file' : 'Back'}
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
            disabled={!check || check.problems.length > 0}
            onClick={validate}
          >
            Validate <Icon name="arrowRight" size={15} />
          </button>
        )}
        {step === 'validate' && report && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={report.imported === 0}
            onClick={startImport}
          >
            Import {plural(report.imported, 'customer')} <Icon name="arrowRight" size={15} />
          </button>
        )}
      </div>

      <Dialog
        open={confirmReplace}
        title="Replace the customers in this project?"
        confirmLabel="Replace and import"
        danger
        onClose={() => setConfirmReplace(false)}
        onConfirm={() => void runImport()}
      >
        <p>
          {project.name} already holds {plural(project.customers, 'customer')}
          {project.lastImport ? ` from ${project.lastImport.fileName}` : ''}. Importing replaces them with the{' '}
          {report ? formatCount(report.imported) : ''} customers of {file?.name}.
        </p>
        <p>If the import fails or you cancel it, the project stays as it is.</p>
      </Dialog>
    </Page>
  );
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
  children,
}: {
  job: JobState<ImportReport>;
  runningLabel: string;
  onCancel: () => void;
  cancelledText: string;
  failedTitle: string;
  onRetry: () => void;
  onFix: (error: AppError) => void;
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

function ValidationVerdict({ report, project }: { report: ImportReport; project: ProjectInfo }) {
  if (report.imported === 0) {
    return (
      <div className="callout callout-danger" role="status">
        <Icon name="alert" size={18} />
        <p>Every row would be rejected. Check the column mapping and the read options.</p>
      </div>
    );
  }
  return (
    <div
      className={report.rejectedCount ? 'callout callout-warning' : 'callout callout-success'}
      role="status"
    >
      <Icon name={report.rejectedCount ? 'alert' : 'check'} size={18} />
      <p>
        <strong>{plural(report.imported, 'customer')}</strong> can be imported
        {report.rejectedCount
          ? `; ${plural(report.rejectedCount, 'row')} would be left out (listed below).`
          : ' — every row passed the checks.'}
        {project.customers > 0 &&
          ` They replace the ${formatCount(project.customers)} customers now in the project.`}
      </p>
    </div>
  );
}
