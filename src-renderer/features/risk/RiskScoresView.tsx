import {
  getCoreRowModel,
  useReactTable,
  type Column,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { RiskModelSummary, RiskTier, ScoredCustomer, ScoreResult } from '@shared/contract/risk';
import { client } from '../../client';
import { toAppError } from '../../ui/errors';
import { formatCount, formatNumber, formatTimestamp } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Page } from '../../ui/layout/Shell';
import { ProgressBar } from '../../ui/ProgressBar';
import { saveBlob, saveTextFile } from '../../ui/save-file';
import { EmptyState, ErrorPanel, Loading } from '../../ui/states';
import { VirtualTable } from '../../ui/table/VirtualTable';
import { useAsync } from '../../ui/use-async';
import { useJob } from '../../ui/use-job';
import { AnalysisProblem } from '../retention/AnalysisProblem';
import type { RiskViewProps } from './risk-props';
import {
  aucWithSpread,
  formatContribution,
  formatProbability,
  kindLabels,
  parseCutPoints,
  scoreSort,
  scoresCsv,
  tierLabels,
  tierOrder,
} from './risk-model';
import { scorePages, type ScoreQuery } from './score-pages';
import './risk.css';

const valueBasisText: Record<ScoreResult['valueBasis'], string> = {
  current_mrr: 'current monthly recurring revenue',
  total_revenue: 'total revenue so far',
  none: 'no value column',
};

/** Scored customers: score with a saved model (a job), the risk tiers, the customer list and the reasons. */
export function RiskScoresView(props: RiskViewProps) {
  const { project, dataVersion, modelsVersion } = props;
  const models = useAsync(`${project.path}\u0000${dataVersion}\u0000${modelsVersion}`, (signal) =>
    client.risk.models({ project: project.path }, { signal }),
  );
  const list = (models.data ?? models.previous)?.models ?? [];
  const [picked, setPicked] = useState<number | null>(null);
  // The model asked for from Train & compare wins once; then the user's pick.
  const [asked, setAsked] = useState<number | null>(props.scoreModel);
  if (props.scoreModel !== asked) {
    setAsked(props.scoreModel);
    if (props.scoreModel !== null) setPicked(props.scoreModel);
  }
  const model = list.find((m) => m.id === picked) ?? list.find((m) => m.scoredAt !== null) ?? list[0] ?? null;

  return (
    <Page
      title="Risk scores"
      subtitle="Every active customer scored by a saved model: who is most likely to leave, how much value is at risk, and why."
      wide
    >
      {models.status === 'error' && !models.previous ? (
        <AnalysisProblem
          error={models.error}
          view={props}
          icon="risk"
          failedTitle="The saved models could not be read"
          onRetry={models.reload}
        />
      ) : models.status === 'loading' && !models.previous ? (
        <Loading label="Reading the saved models…" />
      ) : model === null ? (
        <EmptyState
          icon="risk"
          title="No model to score with yet"
          action={
            <button type="button" className="btn btn-primary" onClick={props.onTrain}>
              Train a model
            </button>
          }
        >
          Train a churn-risk model first (Train &amp; compare); then score every active customer with it here.
        </EmptyState>
      ) : (
        <ScoredModel key={model.id} props={props} models={list} model={model} onPick={setPicked} />
      )}
    </Page>
  );
}

function ScoredModel({
  props,
  models,
  model,
  onPick,
}: {
  props: RiskViewProps;
  models: readonly RiskModelSummary[];
  model: RiskModelSummary;
  onPick: (id: number) => void;
}) {
  const project = props.project.path;
  const job = useJob<ScoreResult>();
  const running = job.state.status === 'running';
  // Tier cut points: the score quantiles (default), or the user's own, in percent.
  const [customTiers, setCustomTiers] = useState(false);
  const [mediumFrom, setMediumFrom] = useState('20');
  const [highFrom, setHighFrom] = useState('50');
  const cutPoints = parseCutPoints(mediumFrom, highFrom);
  const score = async () => {
    const thresholds = customTiers && cutPoints ? { thresholds: cutPoints } : {};
    const result = await job.run(({ signal, onProgress }) =>
      client.risk.score({ project, model: model.id, ...thresholds }, { signal, onProgress }),
    );
    if (result) props.onModelsChanged();
  };
  const scoredAt = model.scoredAt;

  return (
    <>
      <div className="analysis-toolbar risk-score-toolbar">
        <label className="toolbar-field">
          <span className="toolbar-field-label">Model</span>
          <select
            className="select select-small"
            value={model.id}
            data-testid="risk-score-model"
            onChange={(event) => onPick(Number(event.target.value))}
            disabled={running}
          >
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} — {kindLabels[m.kind]}, AUC {aucWithSpread(m.metrics.auc, m.metrics.aucSd)}
                {m.scoredAt ? '' : ' (not scored yet)'}
              </option>
            ))}
          </select>
        </label>
        {running && job.state.status === 'running' ? (
          <div className="risk-progress" data-testid="risk-score-progress">
            <ProgressBar
              progress={job.state.progress}
              startedAt={job.state.startedAt}
              label="Scoring the customers…"
              onCancel={job.cancel}
              cancelling={job.state.cancelling}
            />
          </div>
        ) : (
          <>
            <label className="toolbar-field">
              <span className="toolbar-field-label">Tiers</span>
              <select
                className="select select-small"
                value={customTiers ? 'custom' : 'quantiles'}
                data-testid="risk-tier-mode"
                onChange={(event) => setCustomTiers(event.target.value === 'custom')}
              >
                <option value="quantiles">By score: top 20% high, next 30% medium</option>
                <option value="custom">From scores I choose</option>
              </select>
            </label>
            {customTiers && (
              <span className="toolbar-field" role="group" aria-label="Tier cut points">
                <label className="toolbar-field">
                  <span className="toolbar-field-label">Medium from</span>
                  <input
                    className="input input-small risk-cut-point"
                    inputMode="decimal"
                    value={mediumFrom}
                    aria-invalid={!cutPoints}
                    onChange={(event) => setMediumFrom(event.target.value)}
                  />
                  %
                </label>
                <label className="toolbar-field">
                  <span className="toolbar-field-label">high from</span>
                  <input
                    className="input input-small risk-cut-point"
                    inputMode="decimal"
                    value={highFrom}
                    aria-invalid={!cutPoints}
                    onChange={(event) => setHighFrom(event.target.value)}
                  />
                  %
                </label>
              </span>
            )}
            <button
              type="button"
              className="btn btn-primary btn-small"
              onClick={() => void score()}
              disabled={customTiers && !cutPoints}
              title={customTiers && !cutPoints ? 'Cut points: 0 ≤ medium ≤ high ≤ 100' : undefined}
            >
              {scoredAt ? 'Score again' : 'Score customers'}
            </button>
          </>
        )}
        <span className="small muted">
          {scoredAt
            ? `Scored ${formatTimestamp(scoredAt)}: ${formatCount(model.scoredCustomers)} customers.`
            : 'Not scored yet.'}
          {!model.current &&
            ' The data changed since this model was trained: train it again before relying on it.'}
        </span>
      </div>
      {job.state.status === 'failed' && (
        <div className="callout callout-danger" role="alert">
          <div>
            <strong>The customers could not be scored.</strong> {job.state.error.message}
          </div>
        </div>
      )}
      {job.state.status === 'cancelled' && (
        <p className="callout callout-info" role="status">
          Scoring cancelled: the previous scores (if any) are kept.
        </p>
      )}
      {job.state.status === 'done' && job.state.value.warnings.length > 0 && (
        <div className="callout callout-warning" role="alert">
          <ul>
            {job.state.value.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      {scoredAt === null ? (
        <EmptyState
          icon="risk"
          title={`“${model.name}” has not scored the customers yet`}
          action={
            <button type="button" className="btn btn-primary" onClick={() => void score()} disabled={running}>
              Score customers
            </button>
          }
        >
          Scoring gives every active customer a probability of leaving, a tier (low, medium, high) and the top
          reasons for their score. It takes a few seconds.
        </EmptyState>
      ) : (
        <Scores
          key={scoredAt}
          project={project}
          model={model}
          population={job.state.status === 'done' ? job.state.value.population : null}
        />
      )}
    </>
  );
}

function Scores({
  project,
  model,
  population,
}: {
  project: string;
  model: RiskModelSummary;
  population: string | null;
}) {
  const tiers = useAsync(`${project}\u0000${model.id}\u0000${model.scoredAt}`, (signal) =>
    client.risk.tiers({ project, model: model.id }, { signal }),
  );
  const [tier, setTier] = useState<RiskTier | null>(null);
  const [selected, setSelected] = useState<ScoredCustomer | null>(null);

  if (tiers.status === 'error')
    return <ErrorPanel error={tiers.error} title="The risk tiers could not be read" onRetry={tiers.reload} />;
  if (tiers.status === 'loading') return <Loading label="Reading the risk tiers…" />;
  const summary = tiers.data;
  const money = summary.valueBasis !== 'none';

  return (
    <>
      <div className="risk-tiers" role="group" aria-label="Risk tiers">
        {tierOrder.map((name) => {
          const t = summary.tiers.find((row) => row.tier === name);
          const on = tier === name;
          return (
            <button
              key={name}
              type="button"
              className={`risk-tier-card risk-tier-${name}${on ? ' risk-tier-card-on' : ''}`}
              aria-pressed={on}
              data-testid={`risk-tier-${name}`}
              onClick={() => setTier(on ? null : name)}
              title={on ? 'Show every tier' : `Show only the ${name}-risk customers`}
            >
              <span className="risk-tier-name">{tierLabels[name]} risk</span>
              <span className="risk-tier-count num">{formatCount(t?.customers ?? 0)} customers</span>
              <span className="risk-tier-line small">
                Mean score {t?.meanScore == null ? '—' : formatProbability(t.meanScore)}
              </span>
              {money && (
                <span className="risk-tier-line small">
                  Revenue at risk{' '}
                  <strong className="num">
                    {t?.revenueAtRisk == null ? '—' : formatNumber(t.revenueAtRisk)}
                  </strong>
                  {t?.value != null && <span className="muted"> of {formatNumber(t.value)}</span>}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <p className="small muted risk-tier-note" data-testid="risk-tiers-note">
        Tiers: medium from a score of {formatProbability(summary.thresholds.medium)}, high from{' '}
        {formatProbability(summary.thresholds.high)} (
        {summary.thresholds.from === 'quantiles'
          ? 'the 50% and 80% quantiles of the scores'
          : 'chosen thresholds'}
        ).{' '}
        {money
          ? `Value = ${valueBasisText[summary.valueBasis]}; revenue at risk = score × value, summed.`
          : 'The project has no value column, so no revenue at risk.'}
        {population ? ` Scored: ${population}.` : ''}
      </p>
      <div className="risk-scores-layout">
        <ScoreTable
          project={project}
          model={model}
          tier={tier}
          onTier={setTier}
          money={money}
          selected={selected}
          onSelect={setSelected}
        />
        <CustomerReasons customer={selected} onClose={() => setSelected(null)} />
      </div>
    </>
  );
}

const emptyRows: ScoredCustomer[] = [];

function ScoreTable({
  project,
  model,
  tier,
  onTier,
  money,
  selected,
  onSelect,
}: {
  project: string;
  model: RiskModelSummary;
  tier: RiskTier | null;
  onTier: (tier: RiskTier | null) => void;
  money: boolean;
  selected: ScoredCustomer | null;
  onSelect: (customer: ScoredCustomer) => void;
}) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'score', desc: true }]);
  const query: ScoreQuery = { model: model.id, ...(tier ? { tier } : {}), ...scoreSort(sorting) };
  const queryKey = JSON.stringify(query);
  const [current, setCurrent] = useState(() => ({
    key: queryKey,
    pages: scorePages(project, query, null),
  }));
  if (current.key !== queryKey) {
    setCurrent({ key: queryKey, pages: scorePages(project, query, current.pages.total) });
  }
  const pages = current.pages;
  useSyncExternalStore(pages.subscribe, pages.getVersion);
  useEffect(() => {
    pages.want(0, 60);
    return () => pages.dispose();
  }, [pages]);

  const columns = useMemo<ColumnDef<ScoredCustomer>[]>(
    () => [
      {
        id: 'customer',
        accessorFn: (row) => row.customerId,
        header: 'Customer',
        size: 150,
        enableSorting: false,
        meta: { pinned: true },
      },
      {
        id: 'score',
        accessorFn: (row) => row.score,
        header: 'Risk of leaving',
        size: 170,
        meta: { align: 'right' },
      },
      { id: 'tier', accessorFn: (row) => row.tier, header: 'Tier', size: 90, enableSorting: false },
      {
        id: 'value',
        accessorFn: (row) => row.value,
        header: 'Value',
        size: 110,
        enableSorting: money,
        meta: { align: 'right' },
      },
      {
        id: 'reason',
        accessorFn: (row) => row.reasons[0]?.text ?? '',
        header: 'Top reason',
        size: 320,
        enableSorting: false,
      },
    ],
    [money],
  );

  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: emptyRows,
    columns,
    state: { sorting, columnVisibility: { value: money } },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: true,
  });
  const onRange = useCallback((first: number, last: number) => pages.want(first, last), [pages]);
  const getRow = useCallback((index: number) => pages.getRow(index), [pages]);

  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  /** XLSX is written by the main process with the CLI's writer (text cells never evaluate as formulas). */
  const exportXlsx = async () => {
    setExporting('xlsx');
    setExportError(null);
    try {
      const file = await client.risk.exportScores({
        project,
        model: model.id,
        ...(tier ? { tier } : {}),
        ...scoreSort(sorting),
      });
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      saveBlob(
        file.fileName,
        new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      );
    } catch (error) {
      setExportError(toAppError(error).message);
    } finally {
      setExporting(null);
    }
  };
  const exportCsv = async () => {
    setExporting('csv');
    setExportError(null);
    try {
      const all: ScoredCustomer[] = [];
      for (let offset = 0; ; offset += 5000) {
        const page = await client.risk.scores({
          project,
          model: model.id,
          ...(tier ? { tier } : {}),
          ...scoreSort(sorting),
          offset,
          limit: 5000,
        });
        all.push(...page.customers);
        if (page.customers.length === 0 || all.length >= page.total) break;
      }
      const reasons = Math.max(0, ...all.map((c) => c.reasons.length));
      const stem = model.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
      saveTextFile(`risk-scores-${stem}${tier ? `-${tier}` : ''}.csv`, scoresCsv(all, reasons));
    } catch (error) {
      setExportError(toAppError(error).message);
    } finally {
      setExporting(null);
    }
  };

  return (
    <div className="risk-score-table">
      <div className="customers-toolbar risk-table-toolbar">
        <label className="toolbar-field">
          <span className="toolbar-field-label">Tier</span>
          <select
            className="select select-small"
            value={tier ?? ''}
            data-testid="risk-tier-filter"
            onChange={(event) => onTier(event.target.value === '' ? null : (event.target.value as RiskTier))}
          >
            <option value="">All tiers</option>
            {tierOrder.map((name) => (
              <option key={name} value={name}>
                {tierLabels[name]} risk
              </option>
            ))}
          </select>
        </label>
        <span className="customers-count num" aria-live="polite" data-testid="risk-scores-count">
          {pages.total === null ? 'Counting…' : `${formatCount(pages.total)} customers`}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void exportCsv()}
          disabled={exporting !== null}
        >
          <Icon name="download" size={14} /> {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void exportXlsx()}
          disabled={exporting !== null}
          title="An Excel workbook of the customers in this list: score, tier, value and the top three reasons"
        >
          <Icon name="download" size={14} /> {exporting === 'xlsx' ? 'Exporting…' : 'Export XLSX'}
        </button>
      </div>
      {exportError && (
        <p className="callout callout-danger" role="alert">
          The scores could not be exported: {exportError}
        </p>
      )}
      {pages.error && (
        <ErrorPanel
          compact
          error={pages.error}
          title="Some rows could not be loaded"
          onRetry={() => pages.retry()}
        />
      )}
      <VirtualTable
        table={table}
        label={`Customers scored by ${model.name}`}
        rowCount={pages.total ?? 0}
        getRow={getRow}
        onVisibleRangeChange={onRange}
        scrollResetKey={queryKey}
        emptyMessage={pages.total === 0 ? 'No customer in this tier.' : undefined}
        renderCell={(row: ScoredCustomer, column: Column<ScoredCustomer>) => {
          switch (column.id) {
            case 'customer':
              return (
                <button
                  type="button"
                  className={`risk-customer-link mono${selected?.customerId === row.customerId ? ' risk-customer-on' : ''}`}
                  onClick={() => onSelect(row)}
                  aria-label={`Why ${row.customerId} is at risk`}
                >
                  {row.customerId}
                </button>
              );
            case 'score':
              return (
                <span className="risk-score-cell num">
                  <span className="risk-score-bar" aria-hidden="true">
                    <span
                      className={`risk-score-fill risk-fill-${row.tier}`}
                      style={{ width: `${row.score * 100}%` }}
                    />
                  </span>
                  {formatProbability(row.score)}
                </span>
              );
            case 'tier':
              return <span className={`badge risk-badge-${row.tier}`}>{tierLabels[row.tier]}</span>;
            case 'value':
              return <span className="num">{row.value === null ? '—' : formatNumber(row.value)}</span>;
            default:
              return <span className="risk-reason-cell">{row.reasons[0]?.text ?? '—'}</span>;
          }
        }}
      />
    </div>
  );
}

function CustomerReasons({ customer, onClose }: { customer: ScoredCustomer | null; onClose: () => void }) {
  if (!customer) {
    return (
      <aside className="panel risk-detail risk-detail-empty" aria-label="Customer details">
        <p className="muted">
          Choose a customer (click the ID, or Tab to it and press Enter) to see why they are at risk.
        </p>
      </aside>
    );
  }
  const largest = Math.max(0.01, ...customer.reasons.map((r) => Math.abs(r.contribution)));
  return (
    <aside className="panel risk-detail" aria-labelledby="risk-detail-title" data-testid="risk-detail">
      <div className="panel-header risk-detail-head">
        <h2 id="risk-detail-title" className="mono">
          {customer.customerId}
        </h2>
        <button
          type="button"
          className="btn btn-small btn-quiet"
          onClick={onClose}
          aria-label="Close the details"
        >
          <Icon name="close" size={14} />
        </button>
      </div>
      <div className="panel-body">
        <p className="risk-detail-score">
          <span className="num">{formatProbability(customer.score)}</span> risk of leaving ·{' '}
          <span className={`badge risk-badge-${customer.tier}`}>{tierLabels[customer.tier]} tier</span>
          {customer.value !== null && <span className="muted"> · value {formatNumber(customer.value)}</span>}
        </p>
        <h3 className="risk-section-subtitle">Top reasons</h3>
        {customer.reasons.length === 0 ? (
          <p className="muted">No reasons were kept for this customer.</p>
        ) : (
          <ol className="risk-reasons" data-testid="risk-reasons">
            {customer.reasons.map((reason) => (
              <li key={`${reason.feature}\u0000${reason.value}`} className="risk-reason">
                <span className="risk-reason-text">
                  {reason.feature} = {reason.value}{' '}
                  <strong className={reason.contribution >= 0 ? 'risk-up' : 'risk-down'}>
                    {formatContribution(reason.contribution)}
                  </strong>
                </span>
                <span className="risk-reason-bar" aria-hidden="true">
                  <span
                    className={
                      reason.contribution >= 0
                        ? 'risk-reason-fill risk-up-fill'
                        : 'risk-reason-fill risk-down-fill'
                    }
                    style={{ width: `${(Math.abs(reason.contribution) / largest) * 100}%` }}
                  />
                </span>
              </li>
            ))}
          </ol>
        )}
        <p className="small muted">
          Contributions are in log-odds: + raises this customer&apos;s risk above the average customer&apos;s,
          − lowers it.
        </p>
      </div>
    </aside>
  );
}
