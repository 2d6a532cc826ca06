import { useState } from 'react';
import type { FitResult, ValueModelSummary } from '@shared/contract/value';
import { client } from '../../client';
import { Dialog } from '../../ui/Dialog';
import { toAppError } from '../../ui/errors';
import { formatCount, formatTimestamp } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Page } from '../../ui/layout/Shell';
import { ProgressBar } from '../../ui/ProgressBar';
import { EmptyState, ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useJob } from '../../ui/use-job';
import { FitForm, type FitSettings } from './FitForm';
import { FitResultView } from './FitResultView';
import { formatDecimal, modelLabels, unitLabels } from './value-model';
import type { ValueViewProps } from './value-props';
import { AnalysisProblem } from '../retention/AnalysisProblem';
import './value.css';

/** Purchase model: fit BG/NBD or Pareto/NBD with Gamma-Gamma spend (a job), the checks, the saved fits. */
export function FitView(props: ValueViewProps) {
  const { project, dataVersion, modelsVersion } = props;
  const job = useJob<FitResult>();
  const models = useAsync(`${project.path}\u0000${dataVersion}\u0000${modelsVersion}`, (signal) =>
    client.value.models({ project: project.path }, { signal }),
  );
  const list = (models.data ?? models.previous)?.models ?? [];
  const shownId = props.modelId ?? list[0]?.id ?? null;
  const saved = useAsync(
    shownId === null ? null : `${project.path}\u0000${shownId}\u0000${modelsVersion}`,
    (signal) => client.value.model({ project: project.path, model: shownId ?? 0 }, { signal }),
  );
  const fresh = job.state.status === 'done' && job.state.value.id === shownId ? job.state.value : null;
  const shown = fresh ?? (saved.status === 'ready' ? saved.data : null);

  const fit = async (settings: FitSettings) => {
    const result = await job.run(({ signal, onProgress }) =>
      client.value.fit({ project: project.path, ...settings }, { signal, onProgress }),
    );
    if (result) {
      props.onModelChange(result.id);
      props.onModelsChanged();
    }
  };

  return (
    <Page
      title="Purchase model"
      subtitle="How often each customer buys, whether they are still a customer, and what they will be worth: a “buy till you die” model fitted on the transactions and checked on a hold-out period."
      wide
    >
      <FitForm
        running={job.state.status === 'running'}
        dataRange={shown ? { first: shown.firstPurchase, last: shown.holdoutEnd } : null}
        onFit={(settings) => void fit(settings)}
      />
      {job.state.status === 'running' && (
        <div className="value-progress" data-testid="fit-progress">
          <ProgressBar
            progress={job.state.progress}
            startedAt={job.state.startedAt}
            label="Fitting the purchase model…"
            onCancel={job.cancel}
            cancelling={job.state.cancelling}
          />
        </div>
      )}
      {job.state.status === 'cancelled' && (
        <p className="callout callout-info" role="status">
          Fit cancelled: nothing was saved.
        </p>
      )}
      {job.state.status === 'failed' && (
        <AnalysisProblem
          error={job.state.error}
          icon="value"
          unavailableTitle="This model cannot be fitted on the data"
          failedTitle="The model could not be fitted"
          note="Import transactions (customer ID, date and amount of every order) with New import; the model needs customers with repeat purchases."
          view={{ onImport: props.onImport }}
          onRetry={job.reset}
        />
      )}
      <SavedFits
        project={project.path}
        models={list}
        shownId={shownId}
        onOpen={(id) => props.onModelChange(id)}
        onChanged={(next) => {
          if (shownId !== null && !next.some((m) => m.id === shownId)) props.onModelChange(null);
          props.onModelsChanged();
        }}
      />
      {models.status === 'error' && !models.previous ? (
        <ErrorPanel error={models.error} title="The saved fits could not be read" onRetry={models.reload} />
      ) : shown ? (
        <FitResultView key={shown.id} fit={shown} />
      ) : shownId !== null && saved.status === 'error' ? (
        <ErrorPanel error={saved.error} title="The saved fit could not be read" onRetry={saved.reload} />
      ) : shownId !== null || models.status === 'loading' ? (
        job.state.status !== 'running' && <Loading label="Reading the fit…" />
      ) : (
        // After a failed fit its problem says what to do; while one runs, its progress shows.
        (job.state.status === 'idle' || job.state.status === 'done' || job.state.status === 'cancelled') && (
          <EmptyState icon="fit" title="Nothing fitted yet">
            Choose the model and the calibration end above and press <strong>Fit</strong>. The fit takes a few
            seconds; it is saved with the project, and the Customer value view uses it.
          </EmptyState>
        )
      )}
    </Page>
  );
}

function SavedFits({
  project,
  models,
  shownId,
  onOpen,
  onChanged,
}: {
  project: string;
  models: readonly ValueModelSummary[];
  shownId: number | null;
  onOpen: (id: number) => void;
  onChanged: (models: ValueModelSummary[]) => void;
}) {
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ValueModelSummary | null>(null);
  if (models.length === 0) return null;
  const remove = async (model: ValueModelSummary) => {
    setConfirming(null);
    setBusy(model.id);
    setError(null);
    try {
      const answer = await client.value.deleteModel({ project, model: model.id });
      onChanged(answer.models);
    } catch (failure) {
      setError(toAppError(failure).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel value-saved" aria-labelledby="value-saved-title">
      <div className="panel-header">
        <h2 id="value-saved-title" className="value-subtitle-small">
          Saved fits
        </h2>
      </div>
      {error && (
        <p className="callout callout-danger" role="alert">
          The fit could not be deleted: {error}
        </p>
      )}
      <div className="figure-table-scroll">
        <table className="figure-table" data-testid="value-saved-fits">
          <thead>
            <tr>
              <th scope="col">Fit</th>
              <th scope="col">Model</th>
              <th scope="col">Calibration end</th>
              <th scope="col">Customers</th>
              <th scope="col">Log-likelihood</th>
              <th scope="col">Saved</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} className={m.id === shownId ? 'value-row-on' : undefined}>
                <th scope="row">
                  {m.name}{' '}
                  {!m.current && (
                    <span
                      className="badge badge-warning"
                      title="The data changed after this fit: refit to use it"
                    >
                      not current
                    </span>
                  )}
                </th>
                <td>
                  {modelLabels[m.model]}, {unitLabels[m.unit]}
                </td>
                <td>{m.calibrationEnd}</td>
                <td>{formatCount(m.customers)}</td>
                <td>{formatDecimal(m.logLik)}</td>
                <td>{formatTimestamp(m.createdAt)}</td>
                <td className="value-actions-cell">
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => onOpen(m.id)}
                    disabled={m.id === shownId}
                    aria-label={`Open ${m.name}`}
                  >
                    {m.id === shownId ? 'Shown' : 'Open'}
                  </button>{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-quiet"
                    onClick={() => setConfirming(m)}
                    disabled={busy !== null}
                    aria-label={`Delete ${m.name}`}
                    title="Delete this fit"
                  >
                    <Icon name="trash" size={14} />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog
        open={confirming !== null}
        title="Delete this fit?"
        confirmLabel="Delete"
        danger
        onClose={() => setConfirming(null)}
        onConfirm={() => confirming && void remove(confirming)}
      >
        <p>
          “{confirming?.name}” and its per-customer values (P(alive), CLV) are deleted from the project. The
          transactions stay.
        </p>
      </Dialog>
    </section>
  );
}
