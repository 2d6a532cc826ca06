import { useState, type FormEvent, type ReactNode } from 'react';
import type { AppMode, Sample } from '@shared/contract/app';
import type { ProjectInfo, RecentProject } from '@shared/contract/project';
import { datasetLabels } from '@shared/domain/datasets';
import type { AppError } from '@shared/errors';
import { client, loadSamples } from '../../client';
import { toAppError } from '../../ui/errors';
import { formatCount, formatTimestamp, modeLabel } from '../../ui/format';
import { Icon, type IconName } from '../../ui/Icon';
import { ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { seedFromSample, type WizardSeed } from '../import-wizard/seed';
import { joinPath, newProjectTarget, numberedName } from './project-paths';
import './start.css';

export interface OpenIntent {
  view: 'overview' | 'import';
  seed?: WizardSeed;
}

/** Where an opened project starts: its overview, or the import wizard while nothing was imported into it. */
export function openIntentFor(project: ProjectInfo): OpenIntent {
  return { view: project.customers > 0 || project.lastImport !== null ? 'overview' : 'import' };
}

interface StartData {
  projects: RecentProject[];
  projectsDir: string;
  samples: Sample[];
}

/**
 * What a user sees with no project open: make one, open one, or try the sample data. The sample path is
 * the workshop path: one click to a project with the Telco data waiting in the import wizard.
 */
export function StartScreen({
  onOpen,
  mode,
  version,
  launchError,
}: {
  onOpen: (project: ProjectInfo, intent: OpenIntent) => void;
  mode: AppMode;
  version: string;
  launchError: AppError | null;
}) {
  const data = useAsync<StartData>('start', async (signal) => {
    const [recent, samples] = await Promise.all([client.project.recent({}, { signal }), loadSamples()]);
    return { projects: recent.projects, projectsDir: recent.projectsDir, samples };
  });
  // `forget` answers with the new list; it replaces the loaded one until the next load.
  const [recentOverride, setRecentOverride] = useState<RecentProject[] | null>(null);
  const [busy, setBusy] = useState<'new' | 'open' | 'sample' | string | null>(null);
  const [errors, setErrors] = useState<{
    area: 'new' | 'open' | 'sample' | 'recent';
    error: AppError;
  } | null>(null);
  const [newName, setNewName] = useState('');
  const [openPath, setOpenPath] = useState('');

  if (data.status === 'loading') return <Loading label="Starting Tenure…" />;
  if (data.status === 'error') {
    return (
      <div className="start">
        <ErrorPanel error={data.error} title="Tenure could not list your projects" onRetry={data.reload} />
      </div>
    );
  }

  const { projectsDir, samples } = data.data;
  const projects = recentOverride ?? data.data.projects;
  const target = newProjectTarget(newName, projectsDir);
  const errorFor = (area: 'new' | 'open' | 'sample' | 'recent') =>
    errors?.area === area ? errors.error : null;
  const newError = errorFor('new');
  const openError = errorFor('open');
  const sampleError = errorFor('sample');
  const recentError = errorFor('recent');

  const attempt = async (
    area: 'new' | 'open' | 'sample' | 'recent',
    key: string,
    action: () => Promise<void>,
  ) => {
    setBusy(key);
    setErrors(null);
    try {
      await action();
    } catch (error) {
      setErrors({ area, error: toAppError(error) });
      setBusy(null);
    }
  };

  const createProject = (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    void attempt('new', 'new', async () => {
      const project = await client.project.create({ path: target.path, name: target.name });
      onOpen(project, { view: 'import' });
    });
  };

  const openProject = (path: string, area: 'open' | 'recent' | 'new') => {
    void attempt(area, area === 'recent' ? path : area, async () => {
      const project = await client.project.open({ path });
      onOpen(project, openIntentFor(project));
    });
  };

  const trySample = (sample: Sample) => {
    void attempt('sample', `sample:${sample.id}`, async () => {
      const project = await createSampleProject(sample, projectsDir, projects);
      onOpen(project, { view: 'import', seed: seedFromSample(sample) });
    });
  };

  const forget = async (path: string) => {
    setErrors(null);
    try {
      const answer = await client.project.forget({ path });
      setRecentOverride(answer.projects);
    } catch (error) {
      setErrors({ area: 'recent', error: toAppError(error) });
    }
  };

  return (
    <div className="start">
      <header className="start-header">
        <div className="start-brand">
          <span className="brand-mark start-brand-mark" aria-hidden="true" />
          <div>
            <h1>Tenure</h1>
            <p className="muted">
              How many customers leave, when, and who — on this computer, with no data sent anywhere.
            </p>
          </div>
        </div>
      </header>

      {launchError && <ErrorPanel error={launchError} title="The project in the link could not be opened" />}

      <div className="start-grid">
        <div className="start-column">
          <h2 className="start-section-title">Start</h2>

          {samples.length > 0 && (
            <StartCard
              sample
              icon="sample"
              title={samples.length === 1 ? 'Try the sample dataset' : 'Try a sample dataset'}
              titleId="samples-title"
            >
              {samples.map((sample) => (
                <div className="start-sample" key={sample.id}>
                  <p>
                    <strong>{sample.title}</strong> — {sample.description}{' '}
                    {!sample.description.includes(formatCount(sample.rows)) && (
                      <span className="muted num">
                        ({formatCount(sample.rows)} {datasetLabels[sample.kind].many})
                      </span>
                    )}
                  </p>
                  <p className="small muted">{sample.attribution}</p>
                  <div>
                    <button
                      type="button"
                      className={samples[0] === sample ? 'btn btn-primary' : 'btn'}
                      disabled={busy !== null}
                      onClick={() => trySample(sample)}
                    >
                      {busy === `sample:${sample.id}`
                        ? 'Creating the sample project…'
                        : `Try the ${sampleName(sample)} sample`}
                    </button>
                  </div>
                </div>
              ))}
              {sampleError && <ErrorPanel compact error={sampleError} />}
            </StartCard>
          )}

          <StartCard icon="plus" title="New project" titleId="new-project-title" onSubmit={createProject}>
            <label className="field">
              <span className="field-label">Name or full path</span>
              <input
                className="input"
                value={newName}
                onChange={(event) => setNewName(event.target.value)}
                placeholder="e.g. Acme churn 2025"
                autoComplete="off"
                spellCheck={false}
              />
              <span className="field-hint mono" aria-live="polite">
                {target ? `Saved as ${target.path}` : `Projects are saved in ${projectsDir}`}
              </span>
            </label>
            {newError && (
              <ErrorPanel
                compact
                error={newError}
                action={
                  newError.code === 'ALREADY_EXISTS' && target ? (
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => openProject(target.path, 'new')}
                    >
                      Open it instead
                    </button>
                  ) : undefined
                }
              />
            )}
            <div>
              <button type="submit" className="btn btn-primary" disabled={!target || busy !== null}>
                {busy === 'new' ? 'Creating…' : 'Create project'}
              </button>
            </div>
          </StartCard>

          <StartCard
            icon="folder"
            title="Open a project file"
            titleId="open-project-title"
            onSubmit={(event) => {
              event.preventDefault();
              if (openPath.trim()) openProject(openPath.trim(), 'open');
            }}
          >
            <label className="field">
              <span className="field-label">Path of a .tenure file</span>
              <input
                className="input mono"
                value={openPath}
                onChange={(event) => setOpenPath(event.target.value)}
                placeholder={joinPath(projectsDir, 'example.tenure')}
                autoComplete="off"
                spellCheck={false}
              />
            </label>
            {openError && <ErrorPanel compact error={openError} />}
            <div>
              <button type="submit" className="btn" disabled={!openPath.trim() || busy !== null}>
                {busy === 'open' ? 'Opening…' : 'Open'}
              </button>
            </div>
          </StartCard>
        </div>

        <div className="start-column">
          <h2 className="start-section-title" id="recent-title">
            Recent projects
          </h2>
          <section className="panel start-recent" aria-labelledby="recent-title">
            {recentError && <ErrorPanel compact error={recentError} />}
            {projects.length === 0 ? (
              <p className="start-recent-empty muted">
                Projects you create or open appear here. Each project is one file; nothing leaves this
                computer.
              </p>
            ) : (
              <ul className="recent-list">
                {projects.map((project) => (
                  <li
                    key={project.path}
                    className={project.exists ? 'recent-item' : 'recent-item recent-item-missing'}
                  >
                    <button
                      type="button"
                      className="recent-open"
                      disabled={!project.exists || busy !== null}
                      onClick={() => openProject(project.path, 'recent')}
                      title={project.exists ? `Open ${project.path}` : 'This file no longer exists'}
                    >
                      <span className="recent-name">
                        {project.name}
                        {busy === project.path && <span className="muted"> — opening…</span>}
                      </span>
                      <span className="recent-path mono">{project.path}</span>
                      <span className="recent-meta small">
                        {project.exists
                          ? `Opened ${formatTimestamp(project.lastOpenedAt)}`
                          : 'File not found'}
                      </span>
                    </button>
                    <button
                      type="button"
                      className={
                        project.exists
                          ? 'btn btn-quiet btn-small recent-forget'
                          : 'btn btn-small recent-forget'
                      }
                      onClick={() => void forget(project.path)}
                      aria-label={`Forget ${project.name} (removes it from this list; the file is not touched)`}
                      title="Remove from this list (the file is not touched)"
                    >
                      Forget
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>

      <footer className="start-footer small faint">
        Tenure {version} · {modeLabel(mode)} · new projects go to <span className="mono">{projectsDir}</span>
      </footer>
    </div>
  );
}

/** One card of the start column: an icon on the left, a titled body (a form when it submits something). */
function StartCard({
  icon,
  title,
  titleId,
  sample = false,
  onSubmit,
  children,
}: {
  icon: IconName;
  title: string;
  titleId: string;
  /** The sample card stands out from the others. */
  sample?: boolean;
  onSubmit?: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const heading = <h3 id={titleId}>{title}</h3>;
  return (
    <section
      className={sample ? 'panel start-card start-card-sample' : 'panel start-card'}
      aria-labelledby={titleId}
    >
      <div className={sample ? 'start-card-icon start-card-icon-sample' : 'start-card-icon'}>
        <Icon name={icon} size={20} />
      </div>
      {onSubmit ? (
        <form className="start-card-body" onSubmit={onSubmit}>
          {heading}
          {children}
        </form>
      ) : (
        <div className="start-card-body">
          {heading}
          {children}
        </div>
      )}
    </section>
  );
}

/** What a sample is called in buttons and project names: "Telco" for the IBM Telco data, else its title. */
function sampleName(sample: Sample): string {
  return /telco/i.test(`${sample.id} ${sample.title}`) ? 'Telco' : sample.title;
}

/**
 * Creates "Telco sample" in the projects folder, or "Telco sample 2", 3… when that file exists, so trying
 * the sample twice never touches an earlier sample project.
 */
async function createSampleProject(
  sample: Sample,
  projectsDir: string,
  recent: RecentProject[],
): Promise<ProjectInfo> {
  const base = `${sampleName(sample)} sample`;
  const knownPaths = new Set(recent.map((project) => project.path));
  for (let attempt = 1; attempt <= 200; attempt++) {
    const name = numberedName(base, attempt);
    const path = joinPath(projectsDir, `${name}.tenure`);
    if (knownPaths.has(path)) continue;
    try {
      return await client.project.create({ path, name });
    } catch (error) {
      if (toAppError(error).code === 'ALREADY_EXISTS') continue;
      throw error;
    }
  }
  throw toAppError(new Error(`Could not find a free name for the sample project in ${projectsDir}.`));
}
