import { z } from 'zod';
import { AppErrorData } from './errors';

/**
 * The wire formats shared by the transports and the renderer's client. The contract (channels and
 * their schemas) is transport-neutral; this file says how a call travels.
 */

/** The result of one call, whatever the transport. */
export const CallResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppErrorData }),
]);
export type CallResult = z.infer<typeof CallResult>;

/** Loopback bridge (browser mode). */
export const bridge = {
  /** POST {callPath}{channel}, JSON body. With `Accept: text/event-stream` the answer is an event stream
   *  of `progress` events and one final `result` event (a CallResult); otherwise a plain JSON CallResult. */
  callPath: '/api/call/',
  /** POST raw file bytes with the file name (URI-encoded) in `fileNameHeader`; answers a CallResult whose
   *  value is `{ path }`, a copy in this launch's staging folder the import channels can read. */
  filesPath: '/api/files',
  tokenHeader: 'x-tenure-token',
  fileNameHeader: 'x-tenure-file-name',
  /** The page URL carries the token in its fragment (#token=…), which browsers never send to a server. */
  tokenFragmentKey: 'token',
  events: { progress: 'progress', result: 'result' },
} as const;

export const StagedFile = z.object({ path: z.string() });

/** One server-sent event as the bridge writes it. JSON never contains a raw newline, so one data line suffices. */
export function serverEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Electron: what the preload script exposes on `window.tenure` through contextBridge. */
export interface PreloadApi {
  /** Calls a channel; resolves with a CallResult (never rejects for application errors). */
  invoke(channel: string, request: unknown, callId: string): Promise<unknown>;
  /** Asks the main process to cancel the call with this id. */
  cancel(callId: string): void;
  /** Progress events of running calls; returns an unsubscribe function. */
  onProgress(listener: (callId: string, progress: unknown) => void): () => void;
  /** The file-system path of a File the user dropped or picked (Electron's webUtils.getPathForFile). */
  pathForFile(file: unknown): string;
}

/** IPC channel names used by the Electron transport. */
export const ipc = {
  invoke: 'tenure:invoke',
  cancel: 'tenure:cancel',
  progress: 'tenure:progress',
} as const;
