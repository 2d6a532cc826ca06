import { useMemo, useState } from 'react';
import type { CustomerColumn } from '@shared/contract/customers';
import type { CoxModel } from '@shared/contract/survival';
import type { ChartData } from '../../../charts/chart-export';
import { ChartCard } from '../../../charts/ChartCard';
import { client } from '../../../client';
import { toAppError } from '../../../ui/errors';
import { formatCount } from '../../../ui/format';
import { EmptyState, Loading } from '../../../ui/states';
import { useAsync } from '../../../ui/use-async';
import { RetentionPage, ToolbarSelect, useCustomerColumns, type RetentionViewProps } from '../RetentionPage';
import { analysisCaption, type Segment } from '../segment';
import { AnalysisProblem } from '../AnalysisProblem';
import {
  formatHazardRatio,
  formatP,
  formatPCell,
  formatSignificant,
  formatStatistic,
} from '../survival/stats-format';
import { coxCandidates, forestRows, isCategorical, type ForestRow } from './cox-model';
import { forestHeight, forestOption } from './forest-chart';
import '../survival/survival.css';
import './cox.css';

type Ties = CoxModel['ties'];

/** What the user fitted: covariates (keys, in the order chosen), reference levels, ties. */
interface ModelSpec {
  covariates: string[];
  references: Record<string, string>;
  ties: Ties;
}

const tiesOptions: { value: Ties; label: string }[] = [
  { value: 'efron', label: 'Efron (R default)' },
  { value: 'breslow', label: 'Breslow' },
];

function sameSpec(a: ModelSpec, b: ModelSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only the references of chosen categorical covariates, with a level picked. */
function specOf(
  chosen: readonly string[],
  references: Record<string, string>,
  ties: Ties,
  columns: readonly CustomerColumn[],
): ModelSpec {
  const refs: Record<string, string> = {};
  for (const key of chosen) {
    const column = columns.find((candidate) => candidate.key === key);
    const level = references[key];
    if (column && isCategorical(column) && level) refs[key] = level;
  }
  return { covariates: [...chosen], references: refs, ties };
}

/** A Cox proportional hazards model of churn on chosen attributes: forest plot, coefficients, fit. */
export function CoxView(props: RetentionViewProps) {
  const { project, dataVersion, segment } = props;
  const columns = useCustomerColumns(project.path, dataVersion);
  const candidates = coxCandidates(columns);
  const [chosen, setChosen] = useState<string[]>([]);
  const [references, setReferences] = useState<Record<string, string>>({});
  const [ties, setTies] = useState<Ties>('efron');
  const [fitted, setFitted] = useState<ModelSpec | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<string | null>(null);

  const current = specOf(chosen, references, ties, columns);
  const request = fitted && { project: project.path, ...fitted, unit: 'months' as const, filters: segment };
  const state = useAsync(
    request ? `${project.path}\u0000${dataVersion}\u0000${JSON.stringify(request)}` : null,
    (signal) => client.survival.cox(request!, { signal }),
  );
  const model = state.data ?? (state.status === 'loading' ? state.previous : undefined);
  const changed = fitted !== null && !sameSpec(current, fitted);

  const toggle = (key: string, on: boolean) =>
    setChosen((keys) => (on ? [...keys.filter((k) => k !== key), key] : keys.filter((k) => k !== key)));

  const suggest = async () => {
    setSuggesting(true);
    setSuggestError(null);
    try {
      const drivers = await client.drivers.list({ project: project.path, maxGroups: 10, filters: segment });
      const eligible = new Set(candidates.map((column) => column.key));
      const top = drivers.drivers
        .filter((driver) => eligible.has(driver.key))
        .slice(0, 3)
        .map((driver) => driver.key);
      if (top.length === 0) setSuggestError('No attribute can go into the model.');
      else setChosen(top);
    } catch (error) {
      setSuggestError(toAppError(error).message);
    } finally {
      setSuggesting(false);
    }
  };

  const fit = () => {
    if (current.covariates.length > 0) setFitted(current);
  };

  return (
    <RetentionPage
      view={props}
      title="Hazard model"
      subtitle="Which attributes go with leaving sooner, each adjusted for the others (Cox proportional hazards)."
      applied={model ? model.churnDefinition : undefined}
      columns={columns}
      controls={
        <ToolbarSelect label="Ties" value={ties} options={tiesOptions} onChange={setTies} testId="cox-ties" />
      }
    >
      <section className="cox-picker" aria-labelledby="cox-picker-title">
        <div className="cox-picker-head">
          <h2 id="cox-picker-title" className="analysis-section-title">
            Covariates
          </h2>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void suggest()}
            disabled={suggesting}
          >
            {suggesting ? 'Ranking the drivers…' : 'Use the top 3 drivers'}
          </button>
          {chosen.length > 0 && (
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setChosen([])}>
              Clear
            </button>
          )}
          {suggestError && (
            <span className="small cox-error" role="alert">
              {suggestError}
            </span>
          )}
        </div>
        <fieldset className="cox-covariates">
          <legend className="visually-hidden">Attributes to put in the model</legend>
          {candidates.map((column) => {
            const on = chosen.includes(column.key);
            return (
              <div key={column.key} className={`cox-covariate${on ? ' cox-covariate-on' : ''}`}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={(event) => toggle(column.key, event.target.checked)}
                  />
                  {column.name}
                </label>
                <span className="badge">
                  {isCategorical(column) ? 'category' : column.type === 'boolean' ? 'yes/no' : 'number'}
                </span>
                {on && isCategorical(column) && (
                  <ReferenceSelect
                    project={project.path}
                    dataVersion={dataVersion}
                    column={column}
                    value={references[column.key] ?? ''}
                    onChange={(level) => setReferences((refs) => ({ ...refs, [column.key]: level }))}
                  />
                )}
              </div>
            );
          })}
        </fieldset>
        <div className="cox-fit-row">
          <button
            type="button"
            className="btn btn-primary"
            onClick={fit}
            disabled={
              current.covariates.length === 0 || (state.status === 'loading' && !changed && fitted !== null)
            }
          >
            Fit the model
          </button>
          <span className="small muted">
            {current.covariates.length === 0
              ? 'Pick at least one attribute.'
              : changed
                ? 'The choice changed since the last fit: fit again to update the results.'
                : `${current.covariates.length} chosen. Numbers and yes/no enter as one term; a category as one term per value, against its reference.`}
          </span>
        </div>
      </section>

      {fitted === null ? (
        <EmptyState
          icon="hazard"
          title="Choose what to put in the model"
          action={
            <button type="button" className="btn" onClick={() => void suggest()} disabled={suggesting}>
              Use the top 3 drivers
            </button>
          }
        >
          Tick the attributes above — contract, charges, services — and press Fit. The model says how much
          faster or slower customers leave with each, compared with a reference and with the other attributes
          held equal.
        </EmptyState>
      ) : state.status === 'error' ? (
        <AnalysisProblem
          error={state.error}
          view={props}
          note="Survival curves, the hazard model and the churn drivers need to know who left and when."
          failedTitle="The model could not be fitted"
          onRetry={state.reload}
        />
      ) : model ? (
        <CoxResult
          model={model}
          covariateNames={fitted.covariates.map(
            (key) => columns.find((column) => column.key === key)?.name ?? key,
          )}
          segment={segment}
          columns={columns}
          updating={state.status === 'loading'}
        />
      ) : (
        <Loading label="Fitting the model…" />
      )}
    </RetentionPage>
  );
}

/** The reference level of a categorical covariate, from its most frequent values. */
function ReferenceSelect({
  project,
  dataVersion,
  column,
  value,
  onChange,
}: {
  project: string;
  dataVersion: number;
  column: CustomerColumn;
  value: string;
  onChange: (level: string) => void;
}) {
  const values = useAsync(`${project}\u0000${dataVersion}\u0000${column.key}`, (signal) =>
    client.customers.values({ project, key: column.key, limit: 50 }, { signal }),
  );
  const levels = (values.data?.values ?? [])
    .filter((entry) => entry.value !== null)
    .map((entry) => String(entry.value))
    .sort((a, b) => a.localeCompare(b));
  return (
    <label className="cox-reference">
      <span className="small muted">Reference</span>
      <select
        className="select select-small"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-label={`Reference level of ${column.name}`}
      >
        <option value="">First value (R default)</option>
        {levels.map((level) => (
          <option key={level} value={level}>
            {level}
          </option>
        ))}
      </select>
    </label>
  );
}

function CoxResult({
  model,
  covariateNames,
  segment,
  columns,
  updating,
}: {
  model: CoxModel;
  covariateNames: string[];
  segment: Segment;
  columns: readonly CustomerColumn[];
  updating: boolean;
}) {
  const rows = useMemo(() => forestRows(model, covariateNames), [model, covariateNames]);
  const caption = `${analysisCaption(model.churnDefinition, model.asOf, segment, columns)} · ${model.ties === 'efron' ? 'Efron' : 'Breslow'} ties`;
  const title = 'Hazard ratios with 95% confidence intervals';
  const option = useMemo(() => forestOption(rows, title, caption), [rows, caption]);
  const warnings = [
    ...(model.converged ? [] : ['The fit did not converge: the numbers below are not to be trusted.']),
    ...model.warnings.map((warning) => termsInWords(warning, rows)),
  ];
  const data = (): ChartData => ({
    columns: ['term', 'coef', 'se', 'hazardRatio', 'lower', 'upper', 'z', 'p'],
    rows: model.coefficients.map((c) => [c.term, c.coef, c.se, c.hazardRatio, c.lower, c.upper, c.z, c.p]),
  });
  const label = `Hazard ratios: ${rows
    .filter((row) => !row.reference && row.coefficient?.hazardRatio != null)
    .map((row) => `${row.label} ${formatHazardRatio(row.coefficient?.hazardRatio ?? null)}`)
    .join(', ')}.`;
  const lr = model.likelihoodRatio;

  return (
    <div className="cox-result">
      {updating && <Loading inline label="Fitting…" />}
      {warnings.length > 0 && (
        <div className="callout callout-warning cox-warnings" role="alert">
          <div>
            <strong>Read with care</strong>
            <ul>
              {warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <p className="cox-fit" data-testid="cox-fit">
        <span>
          <strong>Concordance {model.concordance.toFixed(3)}</strong> (0.5 = no better than chance, 1 =
          perfect ranking)
        </span>
        <span>
          Likelihood-ratio test χ² = {formatStatistic(lr.chisq)} on {lr.df} df, {formatP(lr.p)}
        </span>
        <span>
          Log-likelihood {formatStatistic(model.logLik)} (without covariates{' '}
          {formatStatistic(model.nullLogLik)})
        </span>
        <span>
          {formatCount(model.n)} customers, {formatCount(model.events)} churned
          {model.dropped > 0
            ? `, ${formatCount(model.dropped)} left out (a value missing)`
            : ', none left out'}
        </span>
      </p>
      <ChartCard
        title={title}
        option={option}
        height={forestHeight(rows.length)}
        label={label}
        data={data}
        testId="cox-forest"
      />
      <CoefficientTable rows={rows} />
      <p className="small muted cox-notes">
        A hazard ratio of 2 means customers with this value leave at twice the rate of the reference at any
        tenure, the other attributes held equal; 0.5 means half the rate. For a number, the ratio is per one
        unit more. The intervals are 95% Wald intervals, as R&apos;s coxph reports them.
      </p>
    </div>
  );
}

/** R's term names in a message ("TechSupportNo internet service") as the table writes them. */
function termsInWords(message: string, rows: readonly ForestRow[]): string {
  let text = message;
  for (const row of rows) {
    if (row.coefficient && row.level !== null) text = text.replaceAll(row.coefficient.term, row.label);
  }
  return text;
}

function CoefficientTable({ rows }: { rows: ForestRow[] }) {
  return (
    <section aria-labelledby="cox-table-title">
      <h2 id="cox-table-title" className="analysis-section-title">
        Coefficients
      </h2>
      <div className="figure-table-scroll">
        <table className="figure-table" data-testid="cox-table">
          <thead>
            <tr>
              <th scope="col">Term</th>
              <th scope="col">Coefficient</th>
              <th scope="col">Standard error</th>
              <th scope="col">Hazard ratio</th>
              <th scope="col">95% CI</th>
              <th scope="col">z</th>
              <th scope="col">p</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const c = row.coefficient;
              return (
                <tr
                  key={`${row.label}${row.reference ? ' (reference)' : ''}`}
                  className={row.reference ? 'cox-reference-row' : undefined}
                >
                  <th scope="row">{row.label}</th>
                  {row.reference || !c ? (
                    <td colSpan={6} className="muted cox-reference-note">
                      reference (hazard ratio 1)
                    </td>
                  ) : c.coef === null ? (
                    <td colSpan={6} className="muted cox-reference-note">
                      left out: the same information as other terms (collinear)
                    </td>
                  ) : (
                    <>
                      <td>{formatSignificant(c.coef)}</td>
                      <td>{formatSignificant(c.se)}</td>
                      <td>
                        <strong>{formatHazardRatio(c.hazardRatio)}</strong>
                      </td>
                      <td>
                        {formatHazardRatio(c.lower)}–{formatHazardRatio(c.upper)}
                      </td>
                      <td>{c.z === null ? '—' : c.z.toFixed(2)}</td>
                      <td>{formatPCell(c.p)}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
