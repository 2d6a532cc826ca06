import { useEffect, useRef, useState } from 'react';
import type { RiskFeatures, RiskModelKind, TrainResult } from '@shared/contract/risk';
import { client } from '../../client';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { ProgressBar } from '../../ui/ProgressBar';
import { EmptyState, ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useJob } from '../../ui/use-job';
import { AnalysisProblem } from '../retention/AnalysisProblem';
import { RetentionPage, useCustomerColumns } from '../retention/RetentionPage';
import {
  chosenFeatures,
  defaultDraft,
  kindLabels,
  requestFromDraft,
  toggleFeature,
  type TrainDraft,
} from './risk-model';
import type { RiskViewProps } from './risk-props';
import { SavedModels } from './SavedModels';
import { TrainResultView } from './TrainResultView';
import './risk.css';

/**
 * Train & compare: choose the target, the features (the leakage guard's exclusions shown), the model
 * and its parameters, train as a job (progress, Cancel), read the cross-validated result, and compare
 * the saved models.
 */
export function RiskTrainView(props: RiskViewProps) {
  const { project, dataVersion, segment } = props;
  const columns = useCustomerColumns(project.path, dataVersion);
  const [draft, setDraft] = useState<TrainDraft>(defaultDraft);
  const set = (patch: Partial<TrainDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const job = useJob<TrainResult>();
  // Results trained in this session, newest first (a saved model's full result is read with risk.model).
  const [trained, setTrained] = useState<TrainResult[]>([]);
  const [shownId, setShownId] = useState<number | null>(null);

  const horizonDays = Number(draft.horizonDays);
  const featuresTarget =
    draft.target === 'flag'
      ? ({ kind: 'flag' } as const)
      : {
          kind: 'horizon' as const,
          horizonDays: Number.isInteger(horizonDays) && horizonDays >= 1 ? Math.min(horizonDays, 3650) : 90,
          ...(/^\d{4}-\d{2}-\d{2}$/.test(draft.cutoff.trim()) ? { cutoff: draft.cutoff.trim() } : {}),
        };
  const featuresRequest = { project: project.path, target: featuresTarget, filters: segment };
  const features = useAsync(`${dataVersion}\u0000${JSON.stringify(featuresRequest)}`, (signal) =>
    client.risk.features(featuresRequest, { signal }),
  );
  const info = features.data ?? (features.status === 'loading' ? features.previous : undefined);

  const built = requestFromDraft(draft, project.path, segment);
  const running = job.state.status === 'running';

  const train = async () => {
    if ('problem' in built) return;
    const result = await job.run(({ signal, onProgress }) =>
      client.risk.train(built.request, { signal, onProgress }),
    );
    if (result) {
      setTrained((all) => [result, ...all.filter((r) => r.modelId !== result.modelId)]);
      setShownId(result.modelId);
      props.onModelsChanged();
    }
  };

  const inSession = trained.find((result) => result.modelId === shownId) ?? null;
  // A saved model from an earlier session: its stored full result (the same shape as training's answer).
  const saved = useAsync(
    shownId !== null && inSession === null ? `${project.path}\u0000${shownId}` : null,
    (signal) => client.risk.model({ project: project.path, model: shownId ?? 0 }, { signal }),
  );
  const shown = inSession ?? (saved.data?.modelId === shownId ? saved.data : null);
  // Opening a saved model from the list below brings its result (above the list) into view.
  const resultRef = useRef<HTMLDivElement>(null);
  const scrollPending = useRef(false);
  useEffect(() => {
    if (!scrollPending.current || shown === null) return;
    scrollPending.current = false;
    resultRef.current?.scrollIntoView({ block: 'start' });
  }, [shown]);
  const showSaved = (id: number) => {
    setShownId(id);
    scrollPending.current = true;
  };

  return (
    <RetentionPage
      view={props}
      title="Train & compare"
      subtitle="Which customers are likely to leave: train a model on who left, check it honestly on customers it did not see, and compare models."
      columns={columns}
    >
      {features.status === 'error' ? (
        <AnalysisProblem
          error={features.error}
          view={props}
          icon="risk"
          unavailableTitle="Nothing to predict yet"
          note="A churn-risk model learns from customers whose outcome is known: it needs to know who left."
          failedTitle="The features could not be read"
          onRetry={features.reload}
        />
      ) : !info ? (
        <Loading label="Reading the features…" />
      ) : (
        <>
          <form
            className="panel risk-form"
            aria-labelledby="risk-form-title"
            onSubmit={(event) => {
              event.preventDefault();
              void train();
            }}
          >
            <div className="panel-header">
              <h2 id="risk-form-title">Train a model</h2>
            </div>
            <fieldset className="panel-body risk-form-body" disabled={running}>
              <TargetSection draft={draft} set={set} info={info} />
              <FeatureSection draft={draft} set={set} info={info} />
              <ModelSection draft={draft} set={set} />
            </fieldset>
            <div className="risk-train-row">
              {running && job.state.status === 'running' ? (
                <div className="risk-progress" data-testid="risk-train-progress">
                  <ProgressBar
                    progress={job.state.progress}
                    startedAt={job.state.startedAt}
                    label={`Training the ${kindLabels[draft.model].toLowerCase()}…`}
                    onCancel={job.cancel}
                    cancelling={job.state.cancelling}
                  />
                </div>
              ) : (
                <>
                  <button type="submit" className="btn btn-primary" disabled={'problem' in built}>
                    Train {draft.model === 'logistic' ? 'the logistic model' : 'the trees'}
                  </button>
                  <span className="small muted" role={'problem' in built ? 'alert' : undefined}>
                    {'problem' in built
                      ? built.problem
                      : `${
                          chosenFeatures(
                            info.features.map((f) => f.key),
                            draft.features,
                          ).length
                        } features, ${draft.folds}-fold cross-validation: every customer is predicted once by a model that did not see them.`}
                  </span>
                </>
              )}
            </div>
            {job.state.status === 'cancelled' && (
              <p className="callout callout-info risk-form-note" role="status">
                Training cancelled: nothing was saved.
              </p>
            )}
            {job.state.status === 'failed' && (
              <div className="callout callout-danger risk-form-note" role="alert">
                <div>
                  <strong>The model could not be trained.</strong> {job.state.error.message}
                </div>
              </div>
            )}
          </form>

          <div ref={resultRef} className="risk-result-anchor">
            {shown ? (
              <TrainResultView result={shown} />
            ) : shownId !== null && saved.status === 'error' ? (
              <ErrorPanel
                compact
                error={saved.error}
                title="The saved model's result could not be read"
                onRetry={saved.reload}
              />
            ) : shownId !== null ? (
              <Loading inline label="Reading the saved model…" />
            ) : (
              <EmptyState icon="risk" title="No model trained in this session yet">
                Choose the features and a model above and press Train. The result shows how well the model
                ranks customers it did not see (cross-validated AUC), its curves, and what drives its
                predictions. Saved models are listed below: Show opens one&apos;s full result.
              </EmptyState>
            )}
          </div>

          <SavedModels
            project={project.path}
            dataVersion={dataVersion}
            modelsVersion={props.modelsVersion}
            trained={trained}
            shownId={shownId}
            onShow={showSaved}
            onChanged={props.onModelsChanged}
            onScore={props.onScoreModel}
          />
        </>
      )}
    </RetentionPage>
  );
}

interface SectionProps {
  draft: TrainDraft;
  set: (patch: Partial<TrainDraft>) => void;
}

function TargetSection({ draft, set, info }: SectionProps & { info: RiskFeatures }) {
  const target = info.target;
  return (
    <section className="risk-form-section" aria-labelledby="risk-target-title">
      <h3 id="risk-target-title" className="risk-form-title">
        What to predict
      </h3>
      <div className="risk-choices" role="radiogroup" aria-label="Target">
        <label className="checkbox">
          <input
            type="radio"
            name="risk-target"
            checked={draft.target === 'flag'}
            onChange={() => set({ target: 'flag' })}
          />
          The churned flag (a snapshot of customers)
        </label>
        <label className="risk-choice">
          <input
            type="radio"
            name="risk-target"
            checked={draft.target === 'horizon'}
            onChange={() => set({ target: 'horizon' })}
          />
          Churn within
          <input
            className="input input-small risk-number"
            type="number"
            min={1}
            max={3650}
            aria-label="Horizon in days"
            value={draft.horizonDays}
            onChange={(event) => set({ target: 'horizon', horizonDays: event.target.value })}
          />
          days after a cut-off
        </label>
        {draft.target === 'horizon' && (
          <label className="toolbar-field">
            <span className="toolbar-field-label">Cut-off</span>
            <input
              className="input input-small"
              type="date"
              value={draft.cutoff}
              onChange={(event) => set({ cutoff: event.target.value })}
              aria-describedby="risk-cutoff-hint"
            />
            <span id="risk-cutoff-hint" className="small muted">
              empty: the latest date whose outcome is fully known
            </span>
          </label>
        )}
      </div>
      <p className="risk-target-text" data-testid="risk-target">
        {target.description}{' '}
        <span className="muted">
          {formatCount(target.rows)} customers, {formatCount(target.positives)} churned (
          {target.rows > 0 ? ((target.positives / target.rows) * 100).toFixed(1) : '0'}%).
          {target.leftOut
            .filter((left) => left.customers > 0)
            .map((left) => ` ${formatCount(left.customers)} left out: ${left.reason}.`)
            .join('')}
        </span>
      </p>
    </section>
  );
}

function FeatureSection({ draft, set, info }: SectionProps & { info: RiskFeatures }) {
  const all = info.features.map((feature) => feature.key);
  const chosen = new Set(chosenFeatures(all, draft.features));
  return (
    <section className="risk-form-section" aria-labelledby="risk-features-title">
      <div className="risk-form-head">
        <h3 id="risk-features-title" className="risk-form-title">
          Features{' '}
          <span className="muted small">
            {chosen.size} of {all.length} chosen
          </span>
        </h3>
        <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ features: null })}>
          All
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ features: [] })}>
          None
        </button>
      </div>
      <fieldset className="risk-features">
        <legend className="visually-hidden">Features the model may use</legend>
        {info.features.map((feature) => (
          <label key={feature.key} className="checkbox risk-feature" title={`Read from ${feature.source}`}>
            <input
              type="checkbox"
              checked={chosen.has(feature.key)}
              onChange={(event) =>
                set({ features: toggleFeature(all, draft.features, feature.key, event.target.checked) })
              }
            />
            <span className="risk-feature-name">{feature.name}</span>
            <span className="badge">{feature.kind === 'numeric' ? 'number' : 'category'}</span>
          </label>
        ))}
      </fieldset>
      {info.excluded.length > 0 && (
        <details className="risk-excluded" open>
          <summary>
            Left out by the leakage guard ({info.excluded.length}): known only after churn, or the outcome
            itself
          </summary>
          <ul data-testid="risk-excluded">
            {info.excluded.map((excluded) => (
              <li key={excluded.key}>
                <strong>{excluded.name}</strong> — {excluded.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function NumberField({
  label,
  value,
  onChange,
  step,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  step?: string;
  hint?: string;
}) {
  return (
    <label className="risk-param" title={hint}>
      <span className="toolbar-field-label">{label}</span>
      <input
        className="input input-small risk-number"
        type="number"
        step={step ?? '1'}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

function ModelSection({ draft, set }: SectionProps) {
  const kinds: { kind: RiskModelKind; text: string }[] = [
    { kind: 'logistic', text: 'Logistic regression — odds ratios you can read; the simpler model' },
    { kind: 'gbt', text: 'Gradient-boosted trees — catch interactions and curves; explained by SHAP' },
  ];
  return (
    <section className="risk-form-section" aria-labelledby="risk-model-title">
      <h3 id="risk-model-title" className="risk-form-title">
        Model and validation
      </h3>
      <div className="risk-choices" role="radiogroup" aria-label="Model">
        {kinds.map(({ kind, text }) => (
          <label key={kind} className="checkbox">
            <input
              type="radio"
              name="risk-model"
              checked={draft.model === kind}
              onChange={() => set({ model: kind })}
            />
            {text}
          </label>
        ))}
      </div>
      <div className="risk-params">
        {draft.model === 'logistic' ? (
          <>
            <label className="risk-param">
              <span className="toolbar-field-label">Penalty</span>
              <select
                className="select select-small"
                value={draft.penalty}
                onChange={(event) => set({ penalty: event.target.value as TrainDraft['penalty'] })}
              >
                <option value="none">None (as R&apos;s glm: with standard errors and p-values)</option>
                <option value="l2">L2 (ridge)</option>
                <option value="l1">L1 (lasso)</option>
              </select>
            </label>
            {draft.penalty !== 'none' && (
              <NumberField
                label="Weight (1/C)"
                step="any"
                value={draft.penaltyWeight}
                onChange={(penaltyWeight) => set({ penaltyWeight })}
                hint="scikit-learn's C = 1 / weight; larger shrinks the coefficients more"
              />
            )}
          </>
        ) : (
          <>
            <NumberField
              label="Learning rate"
              step="any"
              value={draft.learningRate}
              onChange={(learningRate) => set({ learningRate })}
            />
            <NumberField label="Trees (max)" value={draft.maxIter} onChange={(maxIter) => set({ maxIter })} />
            <NumberField
              label="Leaves per tree"
              value={draft.maxLeafNodes}
              onChange={(maxLeafNodes) => set({ maxLeafNodes })}
            />
            <NumberField
              label="Customers per leaf (min)"
              value={draft.minSamplesLeaf}
              onChange={(minSamplesLeaf) => set({ minSamplesLeaf })}
            />
            <NumberField
              label="L2 regularisation"
              step="any"
              value={draft.l2Regularization}
              onChange={(l2Regularization) => set({ l2Regularization })}
            />
            <label className="risk-param">
              <span className="toolbar-field-label">Early stopping</span>
              <select
                className="select select-small"
                value={draft.earlyStopping}
                onChange={(event) =>
                  set({ earlyStopping: event.target.value as TrainDraft['earlyStopping'] })
                }
              >
                <option value="auto">Auto (above 10,000 rows)</option>
                <option value="on">On (10% validation split)</option>
                <option value="off">Off</option>
              </select>
            </label>
          </>
        )}
      </div>
      <div className="risk-params">
        <NumberField label="Folds" value={draft.folds} onChange={(folds) => set({ folds })} />
        <NumberField label="Seed" value={draft.seed} onChange={(seed) => set({ seed })} />
        <label className="risk-param risk-param-name">
          <span className="toolbar-field-label">Name</span>
          <input
            className="input input-small"
            type="text"
            placeholder={`${draft.model} <n>`}
            value={draft.name}
            maxLength={200}
            onChange={(event) => set({ name: event.target.value })}
          />
        </label>
        <label className="risk-param">
          <span className="toolbar-field-label">Hold-out</span>
          <select
            className="select select-small"
            value={draft.holdout}
            onChange={(event) => set({ holdout: event.target.value as TrainDraft['holdout'] })}
          >
            <option value="">None (every customer in the folds)</option>
            <option value="0.1">10% kept aside</option>
            <option value="0.2">20% kept aside</option>
            <option value="0.3">30% kept aside</option>
          </select>
        </label>
        <span className="small muted risk-icon-note">
          <Icon name="info" size={14} /> Same folds and seed for two models = a fair comparison.
        </span>
      </div>
      <h3 className="risk-form-title">Retention campaign (for the expected value per threshold)</h3>
      <div className="risk-params">
        <NumberField
          label="Cost per contact"
          step="any"
          value={draft.contactCost}
          onChange={(contactCost) => set({ contactCost })}
          hint="What reaching one customer costs (call, discount offer), in the project's currency"
        />
        <NumberField
          label="Value of a kept customer"
          step="any"
          value={draft.valueSaved}
          onChange={(valueSaved) => set({ valueSaved })}
          hint="What a churner who stays is worth, in the project's currency"
        />
        <NumberField
          label="Success rate (%)"
          step="any"
          value={draft.successRate}
          onChange={(successRate) => set({ successRate })}
          hint="Share of contacted churners the campaign keeps"
        />
      </div>
    </section>
  );
}
