import type { z } from 'zod';
import type { ChannelDef } from './channel';
import { appChannels } from './app';
import { projectChannels } from './project';
import { importChannels } from './import';
import { customersChannels } from './customers';
import { overviewChannels } from './overview';
import { churnChannels } from './churn';
import { qualityChannels } from './quality';
import { survivalChannels } from './survival';
import { driversChannels } from './drivers';
import { retentionChannels } from './retention';
import { riskChannels } from './risk';
import { valueChannels } from './value';

/**
 * The whole contract between the renderer (or the CLI) and the main process, by area.
 * A channel's name is "area.method" (e.g. "import.run"). Adding a capability = one entry here
 * and one handler in src-main/services; no transport changes.
 */
export const contract = {
  app: appChannels,
  project: projectChannels,
  import: importChannels,
  customers: customersChannels,
  overview: overviewChannels,
  churn: churnChannels,
  quality: qualityChannels,
  survival: survivalChannels,
  drivers: driversChannels,
  retention: retentionChannels,
  risk: riskChannels,
  value: valueChannels,
} as const;

export type Contract = typeof contract;
type Area = keyof Contract;

export type ChannelName = {
  [A in Area]: `${A}.${keyof Contract[A] & string}`;
}[Area];

type DefOf<N extends ChannelName> = N extends `${infer A extends Area}.${infer M}`
  ? M extends keyof Contract[A]
    ? Contract[A][M]
    : never
  : never;

/** What a caller passes (defaults not yet applied). */
export type RequestOf<N extends ChannelName> = DefOf<N> extends ChannelDef<infer Req> ? z.input<Req> : never;
/** What a handler receives (after zod applied defaults). */
export type ParsedRequestOf<N extends ChannelName> =
  DefOf<N> extends ChannelDef<infer Req> ? z.output<Req> : never;
export type ResponseOf<N extends ChannelName> =
  DefOf<N> extends ChannelDef<z.ZodType, infer Res> ? z.output<Res> : never;
export type ProgressOf<N extends ChannelName> =
  DefOf<N> extends ChannelDef<z.ZodType, z.ZodType, infer Prog>
    ? Prog extends z.ZodType
      ? z.output<Prog>
      : never
    : never;

export const channelNames: ChannelName[] = (Object.keys(contract) as Area[]).flatMap((area) =>
  Object.keys(contract[area]).map((method) => `${area}.${method}` as ChannelName),
);

export function isChannelName(name: string): name is ChannelName {
  return (channelNames as string[]).includes(name);
}

export function channelDef(name: ChannelName): ChannelDef {
  const [area, method] = name.split('.') as [Area, string];
  return (contract[area] as Record<string, ChannelDef>)[method] as ChannelDef;
}

export interface CallOptions<P = unknown> {
  onProgress?: (progress: P) => void;
  signal?: AbortSignal;
}

/** How a call reaches the main process: Electron IPC, the loopback bridge, or in-process (CLI, tests). */
export type Transport = (name: ChannelName, request: unknown, options: CallOptions) => Promise<unknown>;

/** The typed client the renderer (and tests) use: client.import.run(request, { onProgress, signal }). */
export type Client = {
  [A in Area]: {
    [M in keyof Contract[A] & string]: (
      request: RequestOf<`${A}.${M}` & ChannelName>,
      options?: CallOptions<ProgressOf<`${A}.${M}` & ChannelName>>,
    ) => Promise<ResponseOf<`${A}.${M}` & ChannelName>>;
  };
};

export function createClient(transport: Transport): Client {
  const client: Record<string, Record<string, unknown>> = {};
  for (const name of channelNames) {
    const [area, method] = name.split('.') as [string, string];
    client[area] ??= {};
    client[area][method] = (request: unknown, options: CallOptions = {}) => transport(name, request, options);
  }
  return client as unknown as Client;
}

export { AppError, AppErrorData } from '../errors';
export type { ChannelDef } from './channel';
