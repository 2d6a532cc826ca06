import type { AppEnvironment } from '../app/environment';
import type { Handlers } from './types';
import { AppError } from '@shared/errors';

export interface Services {
  handlers: Handlers;
  /** Stops workers and closes open project files. */
  close(): Promise<void>;
}

const notYet = (name: string) => async (): Promise<never> => {
  throw new AppError('INTERNAL', `${name} is not implemented yet.`);
};

/** Builds every channel's handler for one running Tenure (Electron app, browser mode or CLI). */
export function createServices(env: AppEnvironment): Services {
  void env;
  const handlers: Handlers = {
    app: { info: notYet('app.info'), samples: notYet('app.samples') },
    project: {
      create: notYet('project.create'),
      open: notYet('project.open'),
      info: notYet('project.info'),
      recent: notYet('project.recent'),
      forget: notYet('project.forget'),
    },
    import: { inspect: notYet('import.inspect'), run: notYet('import.run') },
    customers: { columns: notYet('customers.columns'), page: notYet('customers.page') },
    overview: { get: notYet('overview.get'), churnBy: notYet('overview.churnBy') },
  };
  return { handlers, close: async () => {} };
}
