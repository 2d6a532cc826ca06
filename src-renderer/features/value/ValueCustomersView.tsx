import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { ClvSettings, ClvSummary, ValueModelSummary } from '@shared/contract/value';
import { client } from '../../client';
import { toAppError } from '../../ui/errors';
import { formatCount } from '../../ui/format';
import { Page } from '../../ui/layout/Shell';
import { EmptyState, ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useDebouncedValue } from '../../ui/use-debounced';
import { ClvInputs } from './FitForm';
import { clvFromInputs, describeClv, formatMoney, modelLabels } from './value-model';
import type { ValueViewProps } from './value-props';
import { ValueTable, type ValueFilters } from './ValueTable';
import { ValueTiersMatrix } from './ValueTiersMatrix';
import './value.css';

const ClvDecilesChart = lazy(() => import('./ValueCharts').then((m) => ({ default: m.ClvDecilesChart })));

/** Customer value: every customer's P(alive), expected purchases and CLV from a saved fit. */
export function ValueCustomersView(props: ValueViewProps) {
  const { project, dataVersion, modelsVersion } = props;
  const models = useAsync(`${project.path}\u0000${dataVersion}\u0000${modelsVersion}`, (signal) =>
    client.value.models({ project: project.path }, { signal }),
  );
  const list = (models.data ?? models.previous)?.models ?? [];
  const model = list.find((m) => m.id === props.modelId) ?? list[0] ?? null;
  // The segment RFM asked for wins once; then the user's filters.
  const [filters, setFilters] = useState<ValueFilters>({
    rfmSegment: props.drill?.segment ?? null,
    decile: null,
    riskTier: null,
  });
  const [asked, setAsked] = useState(props.drill?.request ?? 0);
  if (props.drill && props.drill.request !== asked) {
    setAsked(props.drill.request);
    setFilters({ rfmSegment: props.drill.segment, decile: null, riskTier: null });
  }

  return (
    <Page
      title="Customer value"
      subtitle="Every customer's chance of still being a customer, expected purchases and lifetime value (CLV) from a saved purchase model; change the CLV inputs and the values follow."
      wide
    >
      {models.status === 'error' && !models.previous ? (
        <ErrorPanel error={models.error} title="The saved fits could not be read" onRetry={models.reload} />
      ) : models.status === 'loading' && !models.previous ? (
        <Loading label="Reading the saved fits…" />
      ) : model === null ? (
        <EmptyState
          icon="fit"
          title="Fit a model to see per-customer values"
          action={
            <button type="button" className="btn btn-primary" onClick={props.onFit}>
              Fit a purchase model
            </button>
          }
        >
          {filters.rfmSegment && (
            <p>
              You asked for the customers in <strong>{filters.rfmSegment}</strong>: they are listed here, with
              their values, once a purchase model is fitted.
            </p>
          )}
          <p>P(alive), expected purchases and CLV come from a purchase model fitted on the transactions.</p>
        </EmptyState>
      ) : (
        <ModelValues
          key={model.id}
          props={props}
          models={list}
          model={model}
          filters={filters}
          onFilters={setFilters}
        />
      )}
    </Page>
  );
}

const sameSettings = (a: ClvSettings, b: ClvSettings) =>
  Math.abs(a.margin - b.margin) < 1e-9 &&
  Math.abs(a.discount - b.discount) < 1e-9 &&
  a.horizonMonths === b.horizonMonths;

const percentText = (share: number) => String(Math.round(share * 10000) / 100);

function ModelValues({
  props,
  models,
  model,
  filters,
  onFilters,
}: {
  props: ValueViewProps;
  models: readonly ValueModelSummary[];
  model: ValueModelSummary;
  filters: ValueFilters;
  onFilters: (filters: ValueFilters) => void;
}) {
  const project = props.project.path;
  const saved = useAsync(`${project}\u0000${model.id}`, (signal) =>
    client.value.model({ project, model: model.id }, { signal }),
  );
  const [margin, setMargin] = useState(() => percentText(model.clv.margin));
  const [discount, setDiscount] = useState(() => percentText(model.clv.discount));
  const [horizon, setHorizon] = useState(() => String(model.clv.horizonMonths));
  // Debounced as text, so the settings object keeps its identity between renders (the effect's dependency).
  const wantedKey = useDebouncedValue(JSON.stringify(clvFromInputs(margin, discount, horizon)), 400);
  const wanted = useMemo(() => JSON.parse(wantedKey) as ClvSettings | null, [wantedKey]);
  const [applied, setApplied] = useState<ClvSummary | null>(null);
  const [failed, setFailed] = useState<{ key: string; message: string } | null>(null);
  const summary = applied ?? (saved.status === 'ready' ? saved.data.clv : null);
  const { onModelsChanged } = props;
  const stale = wanted !== null && summary !== null && !sameSettings(wanted, summary);
  const recomputeError = stale && failed?.key === wantedKey ? failed.message : null;
  const busy = stale && recomputeError === null;

  // "Instant recomputation": new settings recompute every customer's CLV from the stored fit (no refit).
  useEffect(() => {
    if (!wanted || !summary || sameSettings(wanted, summary)) return;
    const controller = new AbortController();
    client.value.clv({ project, model: model.id, clv: wanted }, { signal: controller.signal }).then(
      (next) => {
        if (controller.signal.aborted) return;
        setApplied(next);
        onModelsChanged();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setFailed({ key: wantedKey, message: toAppError(error).message });
      },
    );
    return () => controller.abort();
  }, [wanted, wantedKey, summary, project, model.id, onModelsChanged]);

  const refreshKey = summary ? JSON.stringify([summary.margin, summary.discount, summary.horizonMonths]) : '';
  const invalid = clvFromInputs(margin, discount, horizon) === null;

  return (
    <>
      <div className="analysis-toolbar value-toolbar">
        <label className="toolbar-field">
          <span className="toolbar-field-label">Fit</span>
          <select
            className="select select-small"
            value={model.id}
            onChange={(event) => props.onModelChange(Number(event.target.value))}
            data-testid="value-model"
          >
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} — {modelLabels[m.model]}, calibration to {m.calibrationEnd}
                {m.current ? '' : ' (not current)'}
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar-field" role="group" aria-label="CLV inputs">
          <ClvInputs
            margin={margin}
            discount={discount}
            horizon={horizon}
            onMargin={setMargin}
            onDiscount={setDiscount}
            onHorizon={setHorizon}
          />
        </span>
        <span className="small muted" aria-live="polite" data-testid="clv-status">
          {invalid
            ? 'Margin and discount are 0–100%, the horizon 1–240 months.'
            : busy
              ? 'Recomputing CLV…'
              : ''}
        </span>
      </div>
      {!model.current && (
        <p className="callout callout-warning" role="alert">
          The data changed after this fit: its values describe the data as it was. Fit again in Purchase model
          to use the new data.
        </p>
      )}
      {recomputeError && (
        <p className="callout callout-danger" role="alert">
          The CLV could not be recomputed: {recomputeError}
        </p>
      )}
      {saved.status === 'error' ? (
        <ErrorPanel error={saved.error} title="The fit could not be read" onRetry={saved.reload} />
      ) : !summary ? (
        <Loading label="Reading the fit…" />
      ) : (
        <>
          <p className="value-note" data-testid="clv-summary">
            CLV ({describeClv(summary)}): total <strong className="num">{formatMoney(summary.total)}</strong>,
            mean <strong className="num">{formatMoney(summary.mean)}</strong> per customer, over{' '}
            {formatCount(summary.customers)} customers. CLV = margin × expected spend per order × discounted
            expected purchases over the horizon.
          </p>
          <div className="value-two-columns value-section">
            <Suspense fallback={<Loading label="Drawing the chart…" />}>
              <ClvDecilesChart summary={summary} caption={`${model.name} · ${describeClv(summary)}`} />
            </Suspense>
            <ValueTiersMatrix
              project={project}
              model={model.id}
              refreshKey={refreshKey}
              onCell={(decile, riskTier) => onFilters({ rfmSegment: null, decile, riskTier })}
            />
          </div>
          <ValueTable
            project={project}
            model={model.id}
            modelName={model.name}
            filters={filters}
            onFilters={onFilters}
            refreshKey={refreshKey}
          />
        </>
      )}
    </>
  );
}
