import { z } from 'zod';

/**
 * One channel of the contract: a request schema, a response schema and, for long jobs, a progress
 * schema. The schemas are the only definition of these shapes; types are derived from them.
 */
export interface ChannelDef<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
  Prog extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly summary: string;
  readonly request: Req;
  readonly response: Res;
  readonly progress: Prog;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(def: {
  summary: string;
  request: Req;
  response: Res;
}): ChannelDef<Req, Res, undefined>;
export function channel<Req extends z.ZodType, Res extends z.ZodType, Prog extends z.ZodType>(def: {
  summary: string;
  request: Req;
  response: Res;
  progress: Prog;
}): ChannelDef<Req, Res, Prog>;
export function channel(def: {
  summary: string;
  request: z.ZodType;
  response: z.ZodType;
  progress?: z.ZodType;
}): ChannelDef {
  return { summary: def.summary, request: def.request, response: def.response, progress: def.progress };
}

/** Progress of a long job. `total` is null while unknown; `unit` says what done/total count. */
export const JobProgress = z.object({
  phase: z.string(),
  label: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  unit: z.enum(['bytes', 'rows', 'steps']),
  rowsPerSecond: z.number().nonnegative().optional(),
  secondsLeft: z.number().nonnegative().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/** A project is addressed by the path of its `.tenure` file. */
export const ProjectRef = z.string().min(1).describe('path of the .tenure project file');

export const Empty = z.object({}).strict();
