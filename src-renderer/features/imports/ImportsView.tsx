import { useState } from 'react';
import type { DatasetSummary, ImportHistoryEntry } from '@shared/contract/import';
import type { ProjectInfo } from '@shared/contract/project';
import { DatasetKind, datasetLabels } from '@shared/domain/datasets';
import { client } from '../../client';
import { Dialog } from '../../ui/Dialog';
import { formatCount, formatTimestamp, plural } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Page } from '../../ui/layout/Shell';
import { ProgressBar } from '../../ui/ProgressBar';
import { EmptyState, ErrorPanel, PageNotReady } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useJob } from '../../ui/use-job';
import './imports.css';

const stateLabels: Record<ImportHistoryEntry['state'], { text: string; badge: string }> = {
  active: { text: 'In the project', badge: 'badge-success' },
  replaced: { text: 'Replaced', badge: '' },
  undone: { text: 'Undone', badge: 'badge-warning' },
};

/**
 * Data → Imports: what each dataset holds now, and every import made into the project, newest first.
 * A dataset's latest import can be undone (its rows go, and what it replaced comes back); the others say
 * why they cannot.
 */
export function ImportsView({
  project,
  dataVersion,
  onImport,
  onChanged,
}: {
  project: ProjectInfo;
  dataVersion: number;
  onImport: () => void;
  /** The project's data changed (an undo): the app re-reads it and tells the other views. */
  onChanged: (message: string) => void;
}) {
  const history = useAsync(`${project.path}\u0000${dataVersion}`, (signal) =>
    client.import.history({ project: project.path }, { signal }),
  );
  const [asked, setAsked] = useState<ImportHistoryEntry | null>(null);
  const [undoing, setUndoing] = useState<ImportHistoryEntry | null>(null);
  const undo = useJob<unknown>();

  const shown = history.data ?? history.previous;

  const runUndo = async (entry: ImportHistoryEntry) => {
    setAsked(null);
    setUndoing(entry);
    const answer = await undo.run(({ signal, onProgress }) =>
      client.import.undo({ project: project.path, importId: entry.id }, { signal, onProgress }),
    );
    if (answer) onChanged(`Undid the import of ${entry.fileName}.`);
  };

  if (!shown) {
    return (
      <PageNotReady
        title="Imports"
        state={history}
        loadingLabel="Reading the import history…"
        errorTitle="The import history could not be read"
      />
    );
  }

  if (shown.imports.length === 0) {
    return (
      <Page title="Imports">
        <EmptyState
          icon="history"
          title="No imports yet"
          action={
            <button type="button" className="btn btn-primary" onClick={onImport}>
              <Icon name="import" size={15} /> Import a file
            </button>
          }
        >
          Every file you import is listed here with its counts, and the latest import of each kind of data can
          be undone.
        </EmptyState>
      </Page>
    );
  }

  return (
    <Page
      title="Imports"
      subtitle="What the project holds, and every file imported into it. Undo goes back one import at a time."
      actions={
        <button type="button" className="btn" onClick={onImport}>
          <Icon name="import" size={15} /> New import
        </button>
      }
    >
      <DatasetCards datasets={shown.datasets} />

      {undo.state.status === 'running' && undoing && (
        <div className="panel panel-body">
          <ProgressBar
            progress={undo.state.progress}
            startedAt={undo.state.startedAt}
            label={`Undoing the import of ${undoing.fileName}…`}
            onCancel={undo.cancel}
            cancelling={undo.state.cancelling}
          />
        </div>
      )}
      {undo.state.status === 'cancelled' && (
        <div className="callout callout-warning" role="status">
          <p>Undo cancelled. Nothing was changed.</p>
        </div>
      )}
      {undo.state.status === 'failed' && (
        <ErrorPanel error={undo.state.error} title="The import could not be undone" />
      )}
      {history.status === 'error' && (
        <ErrorPanel
          error={history.error}
          title="The import history could not be re-read"
          onRetry={history.reload}
        />
      )}

      <section className="panel imports-panel" aria-labelledby="imports-title">
        <div className="panel-header">
          <h2 id="imports-title">History</h2>
          <span className="small muted num">{plural(shown.imports.length, 'import')}, newest first</span>
        </div>
        <div className="imports-scroll">
          <table className="data-table" aria-labelledby="imports-title">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Mode</th>
                <th scope="col">Finished</th>
                <th scope="col" className="num-col">
                  Imported
                </th>
                <th scope="col" className="num-col">
                  Rejected
                </th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Undo</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.imports.map((entry) => (
                <tr key={entry.id} className={entry.state === 'active' ? undefined : 'imports-row-inactive'}>
                  <th scope="row" className="imports-file" title={entry.filePath}>
                    <Icon name="file" size={14} /> {entry.fileName}
                  </th>
                  <td>{datasetLabels[entry.kind].title}</td>
                  <td
                    title={
                      entry.mode === 'append'
                        ? 'Added to the rows already there'
                        : 'Replaced the rows there were'
                    }
                  >
                    {entry.mode === 'append' ? 'Append' : 'Replace'}
                  </td>
                  <td className="num">{formatTimestamp(entry.finishedAt)}</td>
                  <td className="num num-col">{formatCount(entry.imported)}</td>
                  <td className={entry.rejected ? 'num num-col imports-rejected' : 'num num-col'}>
                    {formatCount(entry.rejected)}
                  </td>
                  <td>
                    <span className={`badge ${stateLabels[entry.state].badge}`}>
                      {stateLabels[entry.state].text}
                    </span>
                  </td>
                  <td className="imports-action">
                    {entry.undoable ? (
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={undo.state.status === 'running'}
                        onClick={() => setAsked(entry)}
                        aria-label={`Undo the import of ${entry.fileName}`}
                      >
                        <Icon name="undo" size={14} /> Undo
                      </button>
                    ) : entry.state === 'undone' ? null : (
                      <span className="small faint">{entry.notUndoableReason ?? ''}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <Dialog
        open={asked !== null}
        title={asked ? `Undo the import of ${asked.fileName}?` : 'Undo the import?'}
        confirmLabel="Undo the import"
        danger
        onClose={() => setAsked(null)}
        onConfirm={() => asked && void runUndo(asked)}
      >
        {asked && <UndoConsequences entry={asked} imports={shown.imports} datasets={shown.datasets} />}
      </Dialog>
    </Page>
  );
}

/** What an undo will do, in this project's numbers. */
function UndoConsequences({
  entry,
  imports,
  datasets,
}: {
  entry: ImportHistoryEntry;
  imports: ImportHistoryEntry[];
  datasets: DatasetSummary[];
}) {
  const labels = datasetLabels[entry.kind];
  const held = datasets.find((d) => d.kind === entry.kind)?.rows ?? 0;
  // The import this one replaced is the newest earlier one of the kind that is now marked replaced.
  const replaced = imports.find(
    (other) => other.kind === entry.kind && other.id < entry.id && other.state === 'replaced',
  );
  return (
    <>
      {entry.mode === 'append' ? (
        <p>
          The {plural(entry.imported, labels.one, labels.many)} it added are removed; the other{' '}
          {plural(Math.max(0, held - entry.imported), labels.one, labels.many)} stay.
        </p>
      ) : replaced ? (
        <p>
          Its {plural(entry.imported, labels.one, labels.many)} are removed and the{' '}
          {plural(replaced.imported, labels.one, labels.many)} of {replaced.fileName} (imported{' '}
          {formatTimestamp(replaced.finishedAt)}) come back.
        </p>
      ) : (
        <p>
          Its {plural(entry.imported, labels.one, labels.many)} are removed, and the project has no{' '}
          {labels.many} again.
        </p>
      )}
      <p>The customer view and the churn figures are recomputed. Other kinds of data are not touched.</p>
    </>
  );
}

/** One card per kind of data the project holds; the kinds it does not hold are named underneath. */
function DatasetCards({ datasets }: { datasets: DatasetSummary[] }) {
  const held = datasets.filter((dataset) => dataset.rows > 0);
  const missing = DatasetKind.options.filter((kind) => !held.some((dataset) => dataset.kind === kind));
  return (
    <section className="dataset-cards-wrap" aria-label="What the project holds">
      <div className="dataset-cards">
        {held.map((dataset) => {
          const labels = datasetLabels[dataset.kind];
          return (
            <div className="dataset-card" key={dataset.kind} data-testid={`dataset-${dataset.kind}`}>
              <div className="dataset-card-title">{labels.title}</div>
              <div className="dataset-card-value num">{formatCount(dataset.rows)}</div>
              <div className="small muted">
                {labels.many}
                {dataset.kind !== 'customers' && ` of ${plural(dataset.customers, 'customer')}`}
              </div>
              <div className="small faint">{plural(dataset.activeImports, 'import')} in force</div>
            </div>
          );
        })}
      </div>
      {missing.length > 0 && (
        <p className="small muted">
          Not imported yet: {missing.map((kind) => datasetLabels[kind].many).join(', ')}.
        </p>
      )}
    </section>
  );
}
