import { useMemo, useState } from 'react';
import type { RiskModelSummary, TrainResult } from '@shared/contract/risk';
import type { ChartData } from '../../charts/chart-export';
import { ChartCard } from '../../charts/ChartCard';
import { client } from '../../client';
import { toAppError } from '../../ui/errors';
import { formatCount, formatTimestamp } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { rocOption } from './risk-charts';
import {
  aucWithSpread,
  compareModels,
  describeParams,
  describeTarget,
  formatMetric,
  kindLabels,
} from './risk-model';

/** The saved models of the project: show one's full result, score, delete, pick two to compare. */
export function SavedModels({
  project,
  dataVersion,
  modelsVersion,
  trained,
  shownId,
  onShow,
  onChanged,
  onScore,
}: {
  project: string;
  dataVersion: number;
  modelsVersion: number;
  trained: readonly TrainResult[];
  shownId: number | null;
  onShow: (id: number) => void;
  onChanged: () => void;
  onScore: (id: number) => void;
}) {
  const models = useAsync(`${project}\u0000${dataVersion}\u0000${modelsVersion}`, (signal) =>
    client.risk.models({ project }, { signal }),
  );
  const list = (models.data ?? models.previous)?.models ?? [];
  const [compare, setCompare] = useState<number[]>([]);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const toggleCompare = (id: number, on: boolean) =>
    setCompare((ids) => (on ? [...ids.filter((x) => x !== id), id].slice(-2) : ids.filter((x) => x !== id)));

  const remove = async (model: RiskModelSummary) => {
    setDeleteError(null);
    try {
      await client.risk.deleteModel({ project, model: model.id });
      setConfirming(null);
      setCompare((ids) => ids.filter((id) => id !== model.id));
      onChanged();
    } catch (error) {
      setDeleteError(`“${model.name}” could not be deleted: ${toAppError(error).message}`);
    }
  };

  const pair = compare
    .map((id) => list.find((model) => model.id === id))
    .filter((model): model is RiskModelSummary => model !== undefined);

  return (
    <section className="risk-saved" aria-labelledby="risk-saved-title">
      <h2 id="risk-saved-title" className="risk-section-title">
        Saved models
      </h2>
      {models.status === 'error' && !models.previous ? (
        <ErrorPanel
          compact
          error={models.error}
          title="The saved models could not be read"
          onRetry={models.reload}
        />
      ) : models.status === 'loading' && !models.previous ? (
        <Loading inline label="Reading the saved models…" />
      ) : list.length === 0 ? (
        <p className="muted">No saved model yet: every model you train is saved here under its name.</p>
      ) : (
        <>
          <p className="small muted">Tick two models to compare them side by side.</p>
          {deleteError && (
            <p className="callout callout-danger" role="alert">
              {deleteError}
            </p>
          )}
          <div className="figure-table-scroll">
            <table className="figure-table risk-models-table" data-testid="risk-models">
              <caption className="visually-hidden">Saved churn-risk models</caption>
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Name</th>
                  <th scope="col">Model</th>
                  <th scope="col">AUC (mean ± SD)</th>
                  <th scope="col">PR AUC</th>
                  <th scope="col">Log-loss</th>
                  <th scope="col">Brier</th>
                  <th scope="col">Customers</th>
                  <th scope="col">Trained</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((model) => {
                  return (
                    <tr key={model.id} className={model.id === shownId ? 'risk-row-current' : undefined}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Compare ${model.name}`}
                          checked={compare.includes(model.id)}
                          onChange={(event) => toggleCompare(model.id, event.target.checked)}
                        />
                      </td>
                      <th scope="row" className="risk-model-name">
                        {model.name}
                        {!model.current && (
                          <span
                            className="badge badge-warning"
                            title="The data or the churn definition changed after training: train again to use it."
                          >
                            out of date
                          </span>
                        )}
                        <div className="small muted">
                          {describeParams(model)} · {model.features.length} features
                        </div>
                      </th>
                      <td>{kindLabels[model.kind]}</td>
                      <td>
                        <strong>{aucWithSpread(model.metrics.auc, model.metrics.aucSd)}</strong>
                      </td>
                      <td>{formatMetric(model.metrics.prAuc)}</td>
                      <td>{formatMetric(model.metrics.logLoss)}</td>
                      <td>{formatMetric(model.metrics.brier)}</td>
                      <td>{formatCount(model.metrics.rows)}</td>
                      <td>{formatTimestamp(model.createdAt)}</td>
                      <td className="risk-actions">
                        {model.id !== shownId && (
                          <button
                            type="button"
                            className="btn btn-small btn-quiet"
                            aria-label={`Show ${model.name}`}
                            title="Show its full result: metrics, curves, explanations, expected value"
                            onClick={() => onShow(model.id)}
                          >
                            Show
                          </button>
                        )}
                        <button
                          type="button"
                          className="btn btn-small btn-quiet"
                          onClick={() => onScore(model.id)}
                        >
                          Score…
                        </button>
                        {confirming === model.id ? (
                          <>
                            <button
                              type="button"
                              className="btn btn-small btn-danger"
                              onClick={() => void remove(model)}
                            >
                              Delete “{model.name}”
                            </button>
                            <button
                              type="button"
                              className="btn btn-small btn-quiet"
                              onClick={() => setConfirming(null)}
                            >
                              Keep
                            </button>
                          </>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small btn-quiet"
                            aria-label={`Delete ${model.name}`}
                            title="Delete this model and its scores"
                            onClick={() => setConfirming(model.id)}
                          >
                            <Icon name="trash" size={14} />
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {pair.length === 2 && pair[0] && pair[1] && (
            <ModelComparison project={project} a={pair[0]} b={pair[1]} trained={trained} />
          )}
        </>
      )}
    </section>
  );
}

function ModelComparison({
  project,
  a,
  b,
  trained,
}: {
  project: string;
  a: RiskModelSummary;
  b: RiskModelSummary;
  trained: readonly TrainResult[];
}) {
  // The service compares on the shared folds (paired AUC differences); until it answers, or if it
  // cannot, the summary metrics give the verdict.
  const local = compareModels(a, b);
  const paired = useAsync(
    `${project}\u0000${a.id}\u0000${a.createdAt}\u0000${b.id}\u0000${b.createdAt}`,
    (signal) => client.risk.compare({ project, models: [a.id, b.id] }, { signal }),
  );
  const server = paired.data;
  const verdict = server?.recommendation
    ? {
        recommended: server.recommendation.name,
        withinNoise: server.recommendation.withinNoise,
        text: server.recommendation.reason,
        caveats: [] as string[],
      }
    : {
        recommended: local.recommended?.name ?? null,
        withinNoise: local.withinNoise,
        text: local.text,
        caveats: server && !server.comparable ? server.reasons : local.caveats,
      };
  const resultA = useModelResult(project, a, trained);
  const resultB = useModelResult(project, b, trained);
  const curves = [resultA.result, resultB.result].filter(
    (result): result is TrainResult => result !== undefined,
  );
  const option = useMemo(
    () =>
      rocOption(
        curves.map((result) => ({ name: result.name, auc: result.auc.mean, roc: result.curves.roc })),
        'ROC curves compared',
        `${a.name} against ${b.name} · out-of-fold predictions`,
      ),
    // The curves follow from the two results.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [resultA.result, resultB.result, a.name, b.name],
  );
  const rows: { label: string; value: (m: RiskModelSummary) => string; better?: 'high' | 'low' }[] = [
    { label: 'Model', value: (m) => kindLabels[m.kind] },
    { label: 'Predicts', value: (m) => describeTarget(m.target) },
    { label: 'Parameters', value: (m) => describeParams(m) },
    { label: 'Features', value: (m) => String(m.features.length) },
    { label: 'Customers', value: (m) => formatCount(m.metrics.rows) },
    {
      label: 'ROC AUC (mean ± SD)',
      value: (m) => aucWithSpread(m.metrics.auc, m.metrics.aucSd),
      better: 'high',
    },
    { label: 'PR AUC', value: (m) => formatMetric(m.metrics.prAuc), better: 'high' },
    { label: 'Log-loss', value: (m) => formatMetric(m.metrics.logLoss), better: 'low' },
    { label: 'Brier score', value: (m) => formatMetric(m.metrics.brier), better: 'low' },
  ];
  return (
    <section className="risk-compare" aria-labelledby="risk-compare-title" data-testid="risk-compare">
      <h3 id="risk-compare-title" className="risk-section-subtitle">
        {a.name} against {b.name}
      </h3>
      <div
        className={verdict.withinNoise ? 'callout callout-info' : 'callout callout-success'}
        data-testid="risk-verdict"
      >
        <div>
          <strong>{verdict.recommended ? `Use “${verdict.recommended}”. ` : ''}</strong>
          {verdict.text}
          {server && !server.comparable && (
            <div className="small">
              <strong>Not compared on the same folds:</strong> the verdict rests on each model&apos;s own
              cross-validation.
            </div>
          )}
          {verdict.caveats.map((caveat) => (
            <div key={caveat} className="small">
              {caveat}
            </div>
          ))}
        </div>
      </div>
      {server?.difference && (
        <p className="small risk-paired" data-testid="risk-paired">
          Paired over the same {server.difference.folds.length} folds, AUC of “{a.name}” minus “{b.name}”:{' '}
          <strong>{signedAuc(server.difference.mean)}</strong>
          {server.difference.sd !== null ? ` ± ${server.difference.sd.toFixed(3)} (SD)` : ''} — per fold{' '}
          {server.difference.folds.map((f) => signedAuc(f.difference)).join(', ')}.
        </p>
      )}
      <div className="figure-table-scroll">
        <table className="figure-table" data-testid="risk-compare-table">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">{a.name}</th>
              <th scope="col">{b.name}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{row.value(a)}</td>
                <td>{row.value(b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {curves.length > 0 ? (
        <ChartCard
          title="ROC curves compared"
          option={option}
          height={380}
          label={`ROC curves of ${curves.map((c) => c.name).join(' and ')}.`}
          testId="risk-compare-roc"
          data={(): ChartData => ({
            columns: ['model', 'threshold', 'false_positive_rate', 'true_positive_rate'],
            rows: curves.flatMap((result) =>
              result.curves.roc.map((p) => [result.name, p.threshold, p.fpr, p.tpr]),
            ),
          })}
        />
      ) : null}
      {(resultA.loading || resultB.loading) && <Loading inline label="Reading the saved curves…" />}
      {[resultA.error, resultB.error].map(
        (error, i) =>
          error && (
            <p key={i} className="small muted" role="alert">
              The curves of “{(i === 0 ? a : b).name}” could not be read: {error}
            </p>
          ),
      )}
    </section>
  );
}

/** A model's full result: the one trained in this session, else the saved one (risk.model). */
function useModelResult(
  project: string,
  model: RiskModelSummary,
  trained: readonly TrainResult[],
): { result: TrainResult | undefined; loading: boolean; error: string | null } {
  const inSession = trained.find((result) => result.modelId === model.id);
  const saved = useAsync(inSession ? null : `${project}\u0000${model.id}\u0000${model.createdAt}`, (signal) =>
    client.risk.model({ project, model: model.id }, { signal }),
  );
  if (inSession) return { result: inSession, loading: false, error: null };
  return {
    result: saved.data?.modelId === model.id ? saved.data : undefined,
    loading: saved.status === 'loading',
    error: saved.status === 'error' ? saved.error.message : null,
  };
}

/** An AUC difference with its sign; a rounded zero has none ("0.000", not "−0.000"). */
function signedAuc(value: number): string {
  const text = Math.abs(value).toFixed(3);
  if (Number(text) === 0) return text;
  return value < 0 ? `−${text}` : `+${text}`;
}
