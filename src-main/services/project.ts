import { countCustomers } from '../store/customers';
import { readCustomerViewState } from '../store/customer-view';
import { lastImport } from '../store/imports';
import { readProjectMeta } from '../store/project-meta';
import { latestSchemaVersion } from '../store/migrations';
import { normaliseProjectPath, type ProjectRegistry } from '../store/project-registry';
import type { ProjectInfo } from '@shared/contract/project';
import type { AppEnvironment } from '../app/environment';
import type { RecentProjects } from './recent-projects';
import type { Handlers } from './types';

export function projectInfo(projects: ProjectRegistry, path: string): ProjectInfo {
  const file = normaliseProjectPath(path);
  const db = projects.get(file);
  const meta = readProjectMeta(db);
  return {
    path: file,
    name: meta.name,
    createdAt: meta.createdAt,
    schemaVersion: latestSchemaVersion,
    // Customers of every dataset (a transactions-only project has customers too); before the view's
    // first build, the customer table's count.
    customers: readCustomerViewState(db)?.customers ?? countCustomers(db),
    lastImport: lastImport(db),
  };
}

export function projectHandlers(deps: {
  env: AppEnvironment;
  projects: ProjectRegistry;
  recent: RecentProjects;
}): Handlers['project'] {
  const { env, projects, recent } = deps;
  const remember = (info: ProjectInfo) => {
    recent.touch(info.path, info.name);
    return info;
  };
  return {
    create: async ({ path, name }) => {
      const file = normaliseProjectPath(path);
      projects.create(file, name);
      return remember(projectInfo(projects, file));
    },
    open: async ({ path }) => remember(projectInfo(projects, path)),
    info: async ({ project }) => projectInfo(projects, project),
    recent: async () => ({ projects: recent.list(), projectsDir: env.projectsDir }),
    forget: async ({ path }) => ({ projects: recent.forget(normaliseProjectPath(path)) }),
  };
}
