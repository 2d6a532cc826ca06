import type { CallResult } from '@shared/bridge';
import { AppError } from '@shared/errors';
import { channelDef, isChannelName } from '@shared/contract';
import type { Handlers, ServiceContext } from '../services/types';

export type { CallResult };

export interface DispatchOptions {
  signal?: AbortSignal;
  onProgress?: (progress: unknown) => void;
}

export type Dispatch = (name: string, request: unknown, options?: DispatchOptions) => Promise<CallResult>;

/**
 * The single entry every transport uses: find the channel, validate the request with its zod schema,
 * run the handler, validate progress events and the response on the way out. Never throws: failures
 * come back as error data.
 */
export function createDispatch(handlers: Handlers): Dispatch {
  return async (name, rawRequest, options = {}) => {
    try {
      if (!isChannelName(name)) {
        throw new AppError('UNKNOWN_CHANNEL', `There is no channel "${name}".`);
      }
      const def = channelDef(name);
      const parsed = def.request.safeParse(rawRequest ?? {});
      if (!parsed.success) {
        throw new AppError(
          'INVALID_REQUEST',
          `Invalid request for ${name}: ${summariseIssues(parsed.error.issues)}`,
          {
            issues: parsed.error.issues.map((issue) => ({
              path: issue.path.map(String),
              message: issue.message,
            })),
          },
        );
      }
      const signal = options.signal ?? new AbortController().signal;
      if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled before it started.');
      const context: ServiceContext = {
        signal,
        progress: (progress) => {
          if (!options.onProgress || !def.progress) return;
          const checked = def.progress.safeParse(progress);
          if (!checked.success)
            throw new AppError('INVALID_RESPONSE', `Invalid progress event from ${name}.`);
          options.onProgress(checked.data);
        },
      };
      const [area, method] = name.split('.') as [keyof Handlers, string];
      const handler = (
        handlers[area] as Record<string, (req: unknown, ctx: ServiceContext) => Promise<unknown>>
      )[method];
      if (!handler) throw new AppError('INTERNAL', `No handler is registered for ${name}.`);
      const value = await handler(parsed.data, context);
      const checked = def.response.safeParse(value);
      if (!checked.success) {
        throw new AppError('INVALID_RESPONSE', `The response of ${name} did not match its schema.`, {
          issues: checked.error.issues.map((issue) => ({
            path: issue.path.map(String),
            message: issue.message,
          })),
        });
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      return { ok: false, error: AppError.toData(error) };
    }
  };
}

function summariseIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) =>
      issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
