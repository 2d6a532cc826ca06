import { lazy, Suspense, useState } from 'react';
import type { ChurnDefinitionState } from '@shared/contract/churn';
import type { ProjectInfo } from '@shared/contract/project';
import { client } from '../../client';
import { formatCount, formatShare } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Page } from '../../ui/layout/Shell';
import { ProgressBar } from '../../ui/ProgressBar';
import { EmptyState, ErrorPanel, Loading, PageNotReady } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useJob } from '../../ui/use-job';
import {
  defaultGraceDays,
  draftChanges,
  draftFromState,
  settingFromDraft,
  windowToMark,
  type DefinitionDraft,
  type DraftKind,
} from './definition-model';
import './churn-definition.css';

const InterPurchaseChart = lazy(() =>
  import('../../charts/InterPurchaseChart').then((module) => ({ default: module.InterPurchaseChart })),
);

const choices: { kind: Exclude<DraftKind, 'default'>; title: string; text: string }[] = [
  {
    kind: 'flag',
    title: 'Churned flag',
    text: 'A column of the customer table says who left (yes/no, or the value named at import). The churn date is the end date, when there is one.',
  },
  {
    kind: 'contractual',
    title: 'Contractual: subscriptions ended',
    text: 'A customer has churned when every subscription has ended and none started again within a grace period after the last end.',
  },
  {
    kind: 'non-contractual',
    title: 'Non-contractual: no order for a while',
    text: 'A customer has churned after a stretch without any order — for shops, where nobody cancels: they just stop buying.',
  },
];

/**
 * Analysis → Churn definition: what "churned" means in this project, in words, and the date the analyses
 * describe; the user picks another definition where the data allows it (the others say why not) and an
 * as-of date. Saving recomputes the customer view, with progress.
 */
export function ChurnDefinitionView({
  project,
  dataVersion,
  onImport,
  onChanged,
}: {
  project: ProjectInfo;
  dataVersion: number;
  onImport: () => void;
  onChanged: (message: string) => void;
}) {
  const state = useAsync(`${project.path}\u0000${dataVersion}`, (signal) =>
    client.churn.definition({ project: project.path }, { signal }),
  );
  const shown = state.data ?? state.previous;

  if (!shown) {
    return (
      <PageNotReady
        title="Churn definition"
        state={state}
        loadingLabel="Reading the churn definition…"
        errorTitle="The churn definition could not be read"
      />
    );
  }
  if (shown.customers === 0 && shown.applied === null) {
    return (
      <Page title="Churn definition">
        <EmptyState
          icon="definition"
          title="No data to define churn on yet"
          action={
            <button type="button" className="btn btn-primary" onClick={onImport}>
              <Icon name="import" size={15} /> Import data
            </button>
          }
        >
          Import customers with a churned flag, subscriptions with end dates, or orders, and choose here what
          counts as churned.
        </EmptyState>
      </Page>
    );
  }
  return (
    <Page
      title="Churn definition"
      subtitle="What counts as churned in this project, and the date every analysis describes."
    >
      <Applied state={shown} />
      <DefinitionForm
        key={JSON.stringify(shown.setting)}
        project={project}
        state={shown}
        onSaved={(saved) =>
          onChanged(
            `Churn definition saved: ${saved.applied?.summary ?? 'no definition applies to the data yet.'}`,
          )
        }
      />
    </Page>
  );
}

function Applied({ state }: { state: ChurnDefinitionState }) {
  const { applied } = state;
  if (!applied) {
    return (
      <div className="callout callout-warning" role="status">
        <Icon name="alert" size={18} />
        <div>
          <p>
            <strong>No definition can be applied to this data yet.</strong>
          </p>
          <ul className="plain-list small">
            {state.options.map((option) => (
              <li key={option.kind}>{option.note}</li>
            ))}
          </ul>
        </div>
      </div>
    );
  }
  return (
    <section className="panel panel-body applied" aria-labelledby="applied-title">
      <h2 id="applied-title" className="applied-eyebrow">
        In force
      </h2>
      <p className="applied-summary" data-testid="definition-summary">
        {applied.summary}
      </p>
      <p className="applied-explanation">{applied.explanation}</p>
      <dl className="applied-facts">
        <div>
          <dt>As of</dt>
          <dd className="num" data-testid="definition-asof">
            {applied.asOf ?? '—'}{' '}
            <span className="small muted">
              {
                {
                  data: '(the latest date in the data)',
                  user: '(set by you)',
                  none: '(the data has no dates; the churn flag is taken as it is)',
                }[applied.asOfSource]
              }
            </span>
          </dd>
        </div>
        {state.churned !== null && (
          <div>
            <dt>Churned under it</dt>
            <dd className="num">
              {formatCount(state.churned)} of {formatCount(state.customers)} customers
              {state.customers > 0 && (
                <span className="small muted"> ({formatShare(state.churned / state.customers)})</span>
              )}
            </dd>
          </div>
        )}
        {applied.graceDays !== null && (
          <div>
            <dt>Grace period</dt>
            <dd className="num">{formatCount(applied.graceDays)} days</dd>
          </div>
        )}
        {applied.inactivityDays !== null && (
          <div>
            <dt>Inactivity window</dt>
            <dd className="num">
              {formatCount(applied.inactivityDays)} days
              {applied.definition.kind === 'non-contractual' &&
                applied.definition.inactivityDays === null && (
                  <span className="small muted"> (chosen from the data)</span>
                )}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function DefinitionForm({
  project,
  state,
  onSaved,
}: {
  project: ProjectInfo;
  state: ChurnDefinitionState;
  onSaved: (state: ChurnDefinitionState) => void;
}) {
  const [draft, setDraft] = useState<DefinitionDraft>(() => draftFromState(state));
  const save = useJob<ChurnDefinitionState>();
  const set = (patch: Partial<DefinitionDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const result = settingFromDraft(draft);
  const changed = draftChanges(draft, state.setting);
  const running = save.state.status === 'running';
  const option = (kind: Exclude<DraftKind, 'default'>) => state.options.find((o) => o.kind === kind);
  const windowDays = windowToMark(draft, state);
  const defaultKind =
    state.applied && state.setting.definition === null ? state.applied.definition.kind : null;

  const submit = async () => {
    if ('problem' in result) return;
    const saved = await save.run(({ signal, onProgress }) =>
      client.churn.setDefinition({ project: project.path, setting: result.setting }, { signal, onProgress }),
    );
    if (saved) onSaved(saved);
  };

  return (
    <form
      className="panel definition-form"
      aria-labelledby="change-title"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="panel-header">
        <h2 id="change-title">Choose the definition</h2>
      </div>
      <div className="panel-body stack">
        <fieldset className="definition-choices" disabled={running}>
          <legend className="visually-hidden">Definition</legend>
          <label
            className={
              draft.kind === 'default' ? 'definition-choice definition-choice-on' : 'definition-choice'
            }
          >
            <input
              type="radio"
              name="definition"
              checked={draft.kind === 'default'}
              onChange={() => set({ kind: 'default' })}
            />
            <span className="definition-choice-body">
              <strong>Tenure’s choice for this data</strong>
              <span className="small muted">
                The flag when there is one, else subscriptions, else orders; follows the data as it changes.
                {defaultKind && ` Now: ${choices.find((c) => c.kind === defaultKind)?.title.toLowerCase()}.`}
              </span>
            </span>
          </label>
          {choices.map((choice) => {
            const availability = option(choice.kind);
            const available = availability?.available ?? false;
            return (
              <label
                key={choice.kind}
                className={[
                  'definition-choice',
                  draft.kind === choice.kind && 'definition-choice-on',
                  !available && 'definition-choice-off',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                <input
                  type="radio"
                  name="definition"
                  checked={draft.kind === choice.kind}
                  disabled={!available}
                  onChange={() => set({ kind: choice.kind })}
                  aria-describedby={`definition-${choice.kind}-note`}
                />
                <span className="definition-choice-body">
                  <strong>{choice.title}</strong>
                  <span className="small muted">{choice.text}</span>
                  {availability && (
                    <span
                      className={
                        available ? 'small definition-note' : 'small definition-note definition-note-off'
                      }
                      id={`definition-${choice.kind}-note`}
                    >
                      {available ? '' : 'Not available: '}
                      {availability.note}
                    </span>
                  )}
                </span>
              </label>
            );
          })}
        </fieldset>

        {draft.kind === 'contractual' && (
          <div className="field definition-number">
            <label className="field-label" htmlFor="grace-days">
              Grace period (days)
            </label>
            <input
              id="grace-days"
              className="input input-number"
              type="number"
              min={0}
              max={3650}
              value={draft.graceDays}
              onChange={(event) => set({ graceDays: event.target.value })}
              disabled={running}
              aria-describedby="grace-days-hint"
            />
            <span className="field-hint" id="grace-days-hint">
              A new subscription within this many days of the last end is a renewal, not a return. Default{' '}
              {defaultGraceDays}.
            </span>
          </div>
        )}

        {(draft.kind === 'non-contractual' || (draft.kind === 'default' && windowDays !== null)) && (
          <div className="stack inactivity">
            {draft.kind === 'non-contractual' && (
              <fieldset className="inactivity-choice" disabled={running}>
                <legend className="field-label">Inactivity window</legend>
                <label className="checkbox">
                  <input
                    type="radio"
                    name="inactivity"
                    checked={draft.inactivity === 'auto'}
                    onChange={() => set({ inactivity: 'auto' })}
                  />
                  Automatic: chosen from the gaps between orders
                </label>
                <label className="checkbox">
                  <input
                    type="radio"
                    name="inactivity"
                    checked={draft.inactivity === 'fixed'}
                    onChange={() => set({ inactivity: 'fixed' })}
                  />
                  Fixed:
                  <input
                    className="input input-small input-number"
                    type="number"
                    min={1}
                    max={3650}
                    value={draft.inactivityDays}
                    onChange={(event) => set({ inactivity: 'fixed', inactivityDays: event.target.value })}
                    aria-label="Inactivity window in days"
                  />
                  days without an order
                </label>
              </fieldset>
            )}
            {state.interPurchase && state.interPurchase.histogram.length > 0 ? (
              <div className="inactivity-chart">
                <Suspense fallback={<Loading label="Drawing the chart…" />}>
                  <InterPurchaseChart data={state.interPurchase} windowDays={windowDays} />
                </Suspense>
                <p className="small muted inactivity-reasoning">{reasoning(state, draft, windowDays)}</p>
              </div>
            ) : (
              <p className="small muted">
                No customer has two orders yet, so there are no gaps between orders to show.
              </p>
            )}
          </div>
        )}

        <div className="field definition-asof">
          <label className="field-label" htmlFor="as-of">
            As-of date
          </label>
          <div className="row">
            <input
              id="as-of"
              className="input"
              type="date"
              value={draft.asOf}
              onChange={(event) => set({ asOf: event.target.value })}
              disabled={running}
              aria-describedby="as-of-hint"
            />
            {draft.asOf && (
              <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ asOf: '' })}>
                Use the latest date in the data
              </button>
            )}
          </div>
          <span className="field-hint" id="as-of-hint">
            The day the analyses describe. Empty: the latest date in the data
            {state.applied?.asOfSource === 'data' ? ` (${state.applied.asOf})` : ''}. Activity after it is
            ignored.
          </span>
        </div>

        {'problem' in result && changed && (
          <div className="callout callout-info" role="status">
            <p>{result.problem}</p>
          </div>
        )}
        {save.state.status === 'running' && (
          <ProgressBar
            progress={save.state.progress}
            startedAt={save.state.startedAt}
            label="Recomputing the customer view…"
            onCancel={save.cancel}
            cancelling={save.state.cancelling}
          />
        )}
        {save.state.status === 'cancelled' && (
          <div className="callout callout-warning" role="status">
            <p>Cancelled. The definition in force is unchanged.</p>
          </div>
        )}
        {save.state.status === 'failed' && (
          <ErrorPanel error={save.state.error} title="The definition could not be saved" />
        )}
      </div>
      <div className="definition-actions">
        <button
          type="button"
          className="btn"
          disabled={!changed || running}
          onClick={() => setDraft(draftFromState(state))}
        >
          Undo changes
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!changed || 'problem' in result || running}
        >
          Save and recompute
        </button>
      </div>
    </form>
  );
}

/** Why the marked window, in numbers the histogram shows. */
function reasoning(state: ChurnDefinitionState, draft: DefinitionDraft, windowDays: number | null): string {
  const gaps = state.interPurchase;
  if (!gaps) return '';
  const automatic =
    (draft.kind === 'non-contractual' && draft.inactivity === 'auto') || draft.kind === 'default';
  if (automatic && state.applied?.definition.kind === 'non-contractual') return state.applied.explanation;
  if (windowDays === null) return '';
  const total = gaps.histogram.reduce((sum, bin) => sum + bin.count, 0);
  const longer = gaps.histogram
    .filter((bin) => bin.from >= windowDays)
    .reduce((sum, bin) => sum + bin.count, 0);
  return (
    `With ${formatCount(windowDays)} days, about ${formatShare(total ? longer / total : 0)} of the gaps between a customer’s orders are longer than the window: ` +
    'customers who were only taking one of their usual long pauses would count as churned. A longer window counts fewer of them, but notices churn later.'
  );
}
