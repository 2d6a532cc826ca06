import { z } from 'zod';
import { channel, Empty, ProjectRef } from './channel';

export const LastImport = z.object({
  id: z.number().int().positive(),
  kind: z.string(),
  fileName: z.string(),
  finishedAt: z.string(),
  imported: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});

export const ProjectInfo = z.object({
  path: z.string(),
  name: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int().positive(),
  customers: z.number().int().nonnegative(),
  lastImport: LastImport.nullable(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const RecentProject = z.object({
  path: z.string(),
  name: z.string(),
  lastOpenedAt: z.string(),
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProject>;

export const projectChannels = {
  create: channel({
    summary: 'Create a new, empty project file. Fails if the file exists.',
    request: z.object({
      path: z.string().min(1).describe('path of the new .tenure file'),
      name: z.string().min(1).max(200).optional(),
    }),
    response: ProjectInfo,
  }),
  open: channel({
    summary: 'Open a project file (upgrading its schema if it was made by an older Tenure) and remember it.',
    request: z.object({ path: z.string().min(1) }),
    response: ProjectInfo,
  }),
  info: channel({
    summary: 'What a project holds.',
    request: z.object({ project: ProjectRef }),
    response: ProjectInfo,
  }),
  recent: channel({
    summary: 'Recently opened projects, most recent first, and the default folder for new ones.',
    request: Empty,
    response: z.object({ projects: z.array(RecentProject), projectsDir: z.string() }),
  }),
  forget: channel({
    summary: 'Remove a project from the recent list (the file is not touched).',
    request: z.object({ path: z.string().min(1) }),
    response: z.object({ projects: z.array(RecentProject) }),
  }),
};
