import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AppMode } from '@shared/contract/app';
import type { RfmSegment } from '@shared/contract/value';
import type { ProjectInfo } from '@shared/contract/project';
import type { AppError } from '@shared/errors';
import { client, launchParams, missingToken, rememberOpenProject } from './client';
import { ChurnDefinitionView } from './features/churn-definition/ChurnDefinitionView';
import { CustomersView } from './features/customers/CustomersView';
import { ImportWizard } from './features/import-wizard/ImportWizard';
import type { WizardSeed } from './features/import-wizard/seed';
import { ImportsView } from './features/imports/ImportsView';
import { OverviewView } from './features/overview/OverviewView';
import { QualityView } from './features/quality/QualityView';
import { ChurnOverTimeView } from './features/retention/churn-over-time/ChurnOverTimeView';
import { CohortsView } from './features/retention/cohorts/CohortsView';
import { CoxView } from './features/retention/cox/CoxView';
import { DriversView } from './features/retention/drivers/DriversView';
import type { RetentionViewProps } from './features/retention/RetentionPage';
import type { Segment } from './features/retention/segment';
import { SurvivalView } from './features/retention/survival/SurvivalView';
import type { RiskViewProps } from './features/risk/risk-props';
import { RiskScoresView } from './features/risk/RiskScoresView';
import { RiskTrainView } from './features/risk/RiskTrainView';
import { openIntentFor, StartScreen, type OpenIntent } from './features/start/StartScreen';
import { FitView } from './features/value/FitView';
import { RfmView } from './features/value/RfmView';
import { SbgView } from './features/value/SbgView';
import type { ValueViewProps } from './features/value/value-props';
import { ValueCustomersView } from './features/value/ValueCustomersView';
import { toAppError } from './ui/errors';
import { formatCount, formatTimestamp, modeLabel } from './ui/format';
import { Icon } from './ui/Icon';
import { Shell } from './ui/layout/Shell';
import { Sidebar, type NavGroup } from './ui/layout/Sidebar';
import { ErrorPanel, Loading } from './ui/states';
import { useAsync } from './ui/use-async';

type ViewId =
  | 'overview'
  | 'definition'
  | 'churn-over-time'
  | 'cohorts'
  | 'survival'
  | 'cox'
  | 'drivers'
  | 'risk-train'
  | 'risk-scores'
  | 'value-rfm'
  | 'value-fit'
  | 'value-customers'
  | 'value-sbg'
  | 'customers'
  | 'import'
  | 'imports'
  | 'quality';

interface Session {
  project: ProjectInfo;
  intent: OpenIntent;
}

/**
 * The app: the start screen until a project is open, then the workspace for that project. A project
 * named in the launch link (#project=…) or open before a reload of this tab is opened right away.
 */
export function App() {
  const info = useAsync(missingToken ? null : 'app-info', (signal) => client.app.info({}, { signal }));
  const [session, setSession] = useState<Session | null>(null);
  const [launch, setLaunch] = useState<{ pending: boolean; error: AppError | null }>(() => ({
    pending: !missingToken && launchParams().project !== null,
    error: null,
  }));

  const open = useCallback((project: ProjectInfo, intent: OpenIntent) => {
    rememberOpenProject(project.path);
    setSession({ project, intent });
    setLaunch({ pending: false, error: null });
  }, []);

  useEffect(() => {
    const path = launchParams().project;
    if (missingToken || path === null) return;
    let live = true;
    client.project.open({ path }).then(
      (project) => {
        if (live) open(project, openIntentFor(project));
      },
      (error: unknown) => {
        if (!live) return;
        rememberOpenProject(null);
        setLaunch({ pending: false, error: toAppError(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [open]);

  const close = useCallback(() => {
    rememberOpenProject(null);
    setSession(null);
  }, []);

  if (missingToken) {
    return (
      <FatalScreen title="Open Tenure from the link it printed">
        This page needs the address Tenure printed when it started (it ends with{' '}
        <span className="mono">#token=…</span>). The token keeps other web pages from reaching your data. Copy
        the whole link from the terminal, or start Tenure again.
      </FatalScreen>
    );
  }
  if (info.status === 'error') {
    return (
      <FatalScreen title="Tenure is not answering">
        <ErrorPanel error={info.error} onRetry={info.reload} />
      </FatalScreen>
    );
  }
  if (info.status === 'loading' || launch.pending) return <Loading label="Starting Tenure…" />;

  if (!session) {
    return (
      <StartScreen
        onOpen={open}
        mode={info.data.mode}
        version={info.data.version}
        launchError={launch.error}
      />
    );
  }
  return (
    <Workspace
      key={session.project.path}
      initial={session}
      mode={info.data.mode}
      version={info.data.version}
      onClose={close}
    />
  );
}

function FatalScreen({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="fatal">
      <span className="brand-mark fatal-mark" aria-hidden="true" />
      <h1>{title}</h1>
      <div className="fatal-body">{children}</div>
    </div>
  );
}

interface Status {
  text: string;
  tone: 'info' | 'success' | 'error';
}

/** One open project: sidebar navigation, project bar, the views, and the status line. */
function Workspace({
  initial,
  mode,
  version,
  onClose,
}: {
  initial: Session;
  mode: AppMode;
  version: string;
  onClose: () => void;
}) {
  const [project, setProject] = useState(initial.project);
  const [view, setView] = useState<ViewId>(initial.intent.view);
  // Views stay mounted once visited (hidden when not current), so the table keeps its scroll position
  // and a running import keeps running while the user looks elsewhere.
  const [visited, setVisited] = useState<Set<ViewId>>(() => new Set([initial.intent.view]));
  const [wizard, setWizard] = useState<{ id: number; seed: WizardSeed | null; done: boolean } | null>(() =>
    initial.intent.view === 'import' ? { id: 1, seed: initial.intent.seed ?? null, done: false } : null,
  );
  const [importBusy, setImportBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  // Bumped whenever the project's data changes (an import, an undo, a new churn definition): every view
  // that shows data reads it again.
  const [dataVersion, setDataVersion] = useState(0);
  // The segment the Retention views are cut to, shared so that switching view keeps it; and the attribute
  // the survival curves are grouped by, which the drivers view can set ("show its survival curves").
  const [segment, setSegment] = useState<Segment>([]);
  const [survivalGroupBy, setSurvivalGroupBy] = useState<string | null>(null);
  // Risk: bumped when a model is trained, deleted or scored (both Risk views list the models); and the
  // model "Score…" asked the scored-customers view to show.
  const [riskModelsVersion, setRiskModelsVersion] = useState(0);
  const [scoreModel, setScoreModel] = useState<number | null>(null);
  // Value: bumped when a fit is saved, deleted or its CLV recomputed; the fit the Value views show; and
  // the RFM segment a drill-down asked Customer value to show.
  const [valueModelsVersion, setValueModelsVersion] = useState(0);
  const [valueModel, setValueModel] = useState<number | null>(null);
  const [valueDrill, setValueDrill] = useState<{ segment: RfmSegment; request: number } | null>(null);
  // Stable: Customer value recomputes CLV in an effect that calls it.
  const valueModelsChanged = useCallback(() => setValueModelsVersion((n) => n + 1), []);

  const navigate = useCallback((next: ViewId) => {
    setView(next);
    setVisited((all) => (all.has(next) ? all : new Set(all).add(next)));
    // Coming back to a finished import starts the next one.
    if (next === 'import')
      setWizard((current) =>
        current && !current.done ? current : { id: Date.now(), seed: null, done: false },
      );
  }, []);

  /** The project's data changed: say so, re-read the project, and let every view re-read its data. */
  const dataChanged = useCallback(
    async (message: string, info?: ProjectInfo) => {
      setStatus({ text: message, tone: 'success' });
      setDataVersion((n) => n + 1);
      try {
        setProject(info ?? (await client.project.info({ project: project.path })));
      } catch (error) {
        setStatus({
          text: `${message} But the project could not be re-read: ${toAppError(error).message}`,
          tone: 'error',
        });
      }
    },
    [project.path],
  );

  const onImported = useCallback(
    (message: string, info?: ProjectInfo) => {
      setWizard((current) => current && { ...current, done: true });
      setImportBusy(false);
      void dataChanged(message, info);
    },
    [dataChanged],
  );

  const restartWizard = useCallback((message?: string) => {
    if (message) setStatus({ text: message, tone: 'info' });
    setWizard({ id: Date.now(), seed: null, done: false });
  }, []);

  const groups: NavGroup<ViewId>[] = [
    // Later analyses (Value) join as groups of their own.
    {
      label: 'Analysis',
      items: [
        { id: 'overview', label: 'Overview', icon: 'overview' },
        { id: 'definition', label: 'Churn definition', icon: 'definition' },
      ],
    },
    {
      label: 'Retention',
      items: [
        { id: 'churn-over-time', label: 'Churn over time', icon: 'churnRate' },
        { id: 'cohorts', label: 'Cohorts', icon: 'cohorts' },
        { id: 'survival', label: 'Survival curves', icon: 'survival' },
        { id: 'cox', label: 'Hazard model', icon: 'hazard' },
        { id: 'drivers', label: 'Churn drivers', icon: 'drivers' },
      ],
    },
    {
      label: 'Risk',
      items: [
        { id: 'risk-train', label: 'Train & compare', icon: 'risk' },
        { id: 'risk-scores', label: 'Risk scores', icon: 'riskList' },
      ],
    },
    {
      label: 'Value',
      items: [
        { id: 'value-rfm', label: 'RFM', icon: 'rfm' },
        { id: 'value-fit', label: 'Purchase model', icon: 'fit' },
        { id: 'value-customers', label: 'Customer value', icon: 'valueList' },
        { id: 'value-sbg', label: 'Subscription retention', icon: 'subscription' },
      ],
    },
    {
      label: 'Data',
      items: [
        { id: 'customers', label: 'Customers', icon: 'customers' },
        { id: 'import', label: 'New import', icon: 'import', busy: importBusy },
        { id: 'imports', label: 'Imports', icon: 'history' },
        { id: 'quality', label: 'Data quality', icon: 'quality' },
      ],
    },
  ];

  const goImport = () => navigate('import');
  const goDefinition = () => navigate('definition');
  const changed = (message: string) => void dataChanged(message);
  const retention: RetentionViewProps = {
    project,
    dataVersion,
    segment,
    onSegmentChange: setSegment,
    onImport: goImport,
    onDefinition: goDefinition,
  };
  const risk: RiskViewProps = {
    ...retention,
    modelsVersion: riskModelsVersion,
    onModelsChanged: () => setRiskModelsVersion((n) => n + 1),
    onScoreModel: (modelId: number) => {
      setScoreModel(modelId);
      navigate('risk-scores');
    },
    onTrain: () => navigate('risk-train'),
    scoreModel,
  };
  const value: ValueViewProps = {
    project,
    dataVersion,
    onImport: goImport,
    modelsVersion: valueModelsVersion,
    onModelsChanged: valueModelsChanged,
    modelId: valueModel,
    onModelChange: setValueModel,
    onFit: () => navigate('value-fit'),
    onDrill: (segment: RfmSegment) => {
      setValueDrill((current) => ({ segment, request: (current?.request ?? 0) + 1 }));
      navigate('value-customers');
    },
    drill: valueDrill,
  };
  const showSurvival = (key: string) => {
    setSurvivalGroupBy(key);
    navigate('survival');
  };

  return (
    <Shell
      sidebar={<Sidebar groups={groups} current={view} onSelect={navigate} />}
      topBar={
        <>
          <div className="topbar-project">
            <span className="topbar-name">{project.name}</span>
            <span className="topbar-path mono small" title={project.path}>
              {/* bdi keeps the path's own direction inside the rtl trick that shows its end when cut */}
              <bdi>{project.path}</bdi>
            </span>
          </div>
          <button
            type="button"
            className="btn btn-small"
            onClick={onClose}
            disabled={importBusy}
            title={importBusy ? 'Wait for the import to finish or cancel it' : undefined}
          >
            <Icon name="close" size={14} /> Close project
          </button>
        </>
      }
      statusBar={
        <>
          <span
            className={status ? `status-message status-${status.tone}` : 'status-message'}
            role="status"
            aria-live="polite"
          >
            {importBusy ? 'Import running…' : (status?.text ?? 'Ready')}
          </span>
          {project.customers > 0 && (
            <span className="status-item num">{formatCount(project.customers)} customers</span>
          )}
          {project.lastImport && (
            <span className="status-item" title={formatTimestamp(project.lastImport.finishedAt)}>
              Last import: {project.lastImport.fileName}
            </span>
          )}
          <span className="status-item">
            {modeLabel(mode)} · Tenure {version}
          </span>
        </>
      }
    >
      {visited.has('overview') && (
        <div hidden={view !== 'overview'} className="view">
          <OverviewView
            key={dataVersion}
            project={project}
            dataVersion={dataVersion}
            onImport={goImport}
            onDefinition={goDefinition}
          />
        </div>
      )}
      {visited.has('definition') && (
        <div hidden={view !== 'definition'} className="view">
          <ChurnDefinitionView
            project={project}
            dataVersion={dataVersion}
            onImport={goImport}
            onChanged={changed}
          />
        </div>
      )}
      {visited.has('churn-over-time') && (
        <div hidden={view !== 'churn-over-time'} className="view">
          <ChurnOverTimeView {...retention} />
        </div>
      )}
      {visited.has('cohorts') && (
        <div hidden={view !== 'cohorts'} className="view">
          <CohortsView {...retention} />
        </div>
      )}
      {visited.has('survival') && (
        <div hidden={view !== 'survival'} className="view">
          <SurvivalView {...retention} groupBy={survivalGroupBy} onGroupByChange={setSurvivalGroupBy} />
        </div>
      )}
      {visited.has('cox') && (
        <div hidden={view !== 'cox'} className="view">
          <CoxView {...retention} />
        </div>
      )}
      {visited.has('drivers') && (
        <div hidden={view !== 'drivers'} className="view">
          <DriversView {...retention} onShowSurvival={showSurvival} />
        </div>
      )}
      {visited.has('risk-train') && (
        <div hidden={view !== 'risk-train'} className="view">
          <RiskTrainView {...risk} />
        </div>
      )}
      {visited.has('risk-scores') && (
        <div hidden={view !== 'risk-scores'} className="view">
          <RiskScoresView {...risk} />
        </div>
      )}
      {visited.has('value-rfm') && (
        <div hidden={view !== 'value-rfm'} className="view">
          <RfmView {...value} />
        </div>
      )}
      {visited.has('value-fit') && (
        <div hidden={view !== 'value-fit'} className="view">
          <FitView {...value} />
        </div>
      )}
      {visited.has('value-customers') && (
        <div hidden={view !== 'value-customers'} className="view">
          <ValueCustomersView {...value} />
        </div>
      )}
      {visited.has('value-sbg') && (
        <div hidden={view !== 'value-sbg'} className="view">
          <SbgView {...value} />
        </div>
      )}
      {visited.has('customers') && (
        <div hidden={view !== 'customers'} className="view">
          <CustomersView
            key={dataVersion}
            project={project}
            onImport={goImport}
            onDefinition={goDefinition}
          />
        </div>
      )}
      {wizard && (
        <div hidden={view !== 'import'} className="view">
          <ImportWizard
            key={wizard.id}
            project={project}
            seed={wizard.seed}
            dataVersion={dataVersion}
            onImported={onImported}
            onBusyChange={setImportBusy}
            onExit={navigate}
            onRestart={restartWizard}
          />
        </div>
      )}
      {visited.has('imports') && (
        <div hidden={view !== 'imports'} className="view">
          <ImportsView project={project} dataVersion={dataVersion} onImport={goImport} onChanged={changed} />
        </div>
      )}
      {visited.has('quality') && (
        <div hidden={view !== 'quality'} className="view">
          <QualityView project={project} dataVersion={dataVersion} onImport={goImport} />
        </div>
      )}
    </Shell>
  );
}
