import { z } from 'zod';
import { channel, Empty } from './channel';
import { TenureUnit } from '../domain/columns';
import { DatasetKind, RoleMapping } from '../domain/datasets';

export const AppMode = z.enum(['electron', 'browser', 'cli']);
export type AppMode = z.infer<typeof AppMode>;

export const Sample = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  path: z.string(),
  rows: z.number().int().positive(),
  attribution: z.string(),
  /** The kind of data the sample is, and its columns for that kind's roles. */
  kind: DatasetKind,
  suggestedMapping: RoleMapping,
  /** Unit of the mapped tenure column, when the sample has one. */
  tenureUnit: TenureUnit.optional(),
});
export type Sample = z.infer<typeof Sample>;

export const appChannels = {
  info: channel({
    summary: 'Version, mode and folders of this running Tenure.',
    request: Empty,
    response: z.object({
      name: z.string(),
      version: z.string(),
      mode: AppMode,
      projectsDir: z.string(),
    }),
  }),
  samples: channel({
    summary: 'Sample datasets shipped with Tenure, for workshops and first steps.',
    request: Empty,
    response: z.object({ samples: z.array(Sample) }),
  }),
};
