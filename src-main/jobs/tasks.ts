import type { z } from 'zod';
import type { InspectRequest } from '@shared/contract/import';
import { importDatasetTask } from '../import/dataset-import';
import { inspectFile } from '../import/inspect';
import { importHistoryTask, undoImportTask } from '../import/undo-import';
import { customerColumnsTask, customerPageTask, customerValuesTask } from '../services/tasks/customers';
import { churnDefinitionTask, setChurnDefinitionTask } from '../services/tasks/churn';
import { churnByTask, overviewTask } from '../services/tasks/overview';
import { qualityReportTask } from '../services/tasks/quality';
import { coxModelTask, survivalCurvesTask } from '../services/tasks/survival';
import { driversTask } from '../services/tasks/drivers';
import { churnOverTimeTask, cohortsTask } from '../services/tasks/retention';
import {
  deleteRiskModelTask,
  riskModelTask,
  riskModelsTask,
  riskScoresTask,
  riskTiersTask,
} from '../services/tasks/risk';
import { compareRiskModelsTask } from '../services/tasks/risk-compare';
import { exportRiskScoresTask } from '../services/tasks/risk-export';
import { riskFeaturesTask } from '../services/tasks/risk-features';
import { scoreRiskModelTask } from '../services/tasks/risk-score';
import { trainRiskModelTask } from '../services/tasks/risk-train';
import {
  deleteValueModelTask,
  recomputeClvTask,
  valueCustomersTask,
  valueModelsTask,
  valueModelTask,
  valueTiersTask,
} from '../services/tasks/value';
import { fitValueModelTask } from '../services/tasks/value-fit';
import { rfmTask } from '../services/tasks/value-rfm';
import { sbgTask } from '../services/tasks/value-sbg';
import { rememberedImport } from '../store/imports';
import { cachedTask } from './analysis-cache';
import type { TaskContext } from './task-context';

/** import.inspect: the file, and with a project, how a file of the same shape was imported into it before. */
function inspectTask(input: z.output<typeof InspectRequest>, ctx: TaskContext) {
  const project = input.project;
  return inspectFile(
    input,
    project === undefined
      ? {}
      : { remembered: (shape) => rememberedImport(ctx.projects.get(project), shape) },
  );
}

/**
 * Everything that runs in a worker thread, by name. Inputs and outputs are plain data (they cross
 * postMessage); tasks open project files themselves through ctx.projects. The analyses are cached per
 * project state (analysis-cache.ts).
 */
export const tasks = {
  'import.inspect': inspectTask,
  'import.run': importDatasetTask,
  /** The foundation's name for the same task (customer tables were the only kind then). */
  'import.customers': importDatasetTask,
  'import.history': importHistoryTask,
  'import.undo': undoImportTask,
  'customers.columns': customerColumnsTask,
  'customers.page': customerPageTask,
  'customers.values': customerValuesTask,
  'overview.get': overviewTask,
  'overview.churnBy': churnByTask,
  'churn.definition': churnDefinitionTask,
  'churn.setDefinition': setChurnDefinitionTask,
  'quality.report': qualityReportTask,
  'survival.km': cachedTask('survival.km', survivalCurvesTask),
  'survival.cox': cachedTask('survival.cox', coxModelTask),
  'drivers.list': cachedTask('drivers.list', driversTask),
  'retention.churnOverTime': cachedTask('retention.churnOverTime', churnOverTimeTask),
  'retention.cohorts': cachedTask('retention.cohorts', cohortsTask),
  // Only the feature list is cached: models and scores change without a new project-state token.
  'risk.features': cachedTask('risk.features', riskFeaturesTask),
  'risk.train': trainRiskModelTask,
  'risk.models': riskModelsTask,
  'risk.model': riskModelTask,
  'risk.deleteModel': deleteRiskModelTask,
  'risk.score': scoreRiskModelTask,
  'risk.scores': riskScoresTask,
  'risk.tiers': riskTiersTask,
  'risk.compare': compareRiskModelsTask,
  'value.rfm': rfmTask,
  'value.fit': fitValueModelTask,
  'value.models': valueModelsTask,
  'value.model': valueModelTask,
  'value.deleteModel': deleteValueModelTask,
  'value.clv': recomputeClvTask,
  'value.customers': valueCustomersTask,
  'value.tiers': valueTiersTask,
  'value.sbg': sbgTask,
  'risk.exportScores': exportRiskScoresTask,
} satisfies Record<string, (input: never, ctx: TaskContext) => unknown>;

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Parameters<Tasks[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;
