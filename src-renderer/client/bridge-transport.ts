import { bridge, StagedFile } from '@shared/bridge';
import type { CallOptions, ChannelName, Transport } from '@shared/contract';
import { AppError } from '@shared/errors';
import { cancelledError, isAbortError, unwrapCallResult } from './call-result';
import { EventStreamParser } from './sse';

/**
 * Browser mode: calls travel to the loopback bridge as POST requests. The answer is an event stream of
 * `progress` events and one `result` (a CallResult). Aborting the fetch closes the connection, which
 * is how the bridge learns that the call was cancelled.
 */
export function bridgeTransport(token: string | null): Transport {
  return async (name: ChannelName, request: unknown, options: CallOptions) => {
    if (options.signal?.aborted) throw cancelledError();
    let response: Response;
    try {
      response = await fetch(bridge.callPath + name, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          [bridge.tokenHeader]: token ?? '',
        },
        body: JSON.stringify(request ?? {}),
        signal: options.signal ?? null,
        cache: 'no-store',
      });
    } catch (error) {
      if (isAbortError(error)) throw cancelledError();
      throw lostConnection();
    }
    try {
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        return unwrapCallResult(await readJson(response), name);
      }
      return await readEventStream(response, name, options.onProgress);
    } catch (error) {
      if (isAbortError(error)) throw cancelledError();
      throw error;
    }
  };
}

async function readEventStream(
  response: Response,
  name: string,
  onProgress: ((progress: never) => void) | undefined,
): Promise<unknown> {
  if (!response.body) throw lostConnection();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventStreamParser();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (isAbortError(error)) throw error;
        throw lostConnection();
      }
      if (chunk.done) break;
      for (const event of parser.push(chunk.value)) {
        const data: unknown = JSON.parse(event.data);
        if (event.event === bridge.events.progress) {
          // The bridge validated the progress event against the channel's schema before sending it.
          onProgress?.(data as never);
        } else if (event.event === bridge.events.result) {
          return unwrapCallResult(data, name);
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
  throw lostConnection();
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new AppError('INTERNAL', `Tenure answered with HTTP ${response.status} and no readable result.`);
  }
}

function lostConnection(): AppError {
  return new AppError(
    'INTERNAL',
    'Lost the connection to Tenure. If you closed the Tenure window or terminal, start it again and open the new link it prints.',
  );
}

export interface StageOptions {
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Copies a file the user picked into the bridge's staging folder and returns the path the import
 * channels can read. XMLHttpRequest rather than fetch because only it reports upload progress,
 * and a workshop's 200 MB export deserves a progress bar.
 */
export function stageFileOverBridge(
  token: string | null,
  file: File,
  options: StageOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', bridge.filesPath);
    xhr.setRequestHeader(bridge.tokenHeader, token ?? '');
    xhr.setRequestHeader(bridge.fileNameHeader, encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) =>
      options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(lostConnection());
    xhr.onabort = () => reject(cancelledError());
    xhr.onload = () => {
      try {
        const value = unwrapCallResult(JSON.parse(xhr.responseText), 'file upload');
        const staged = StagedFile.safeParse(value);
        if (!staged.success)
          throw new AppError('INTERNAL', 'Tenure did not say where it put the uploaded file.');
        resolve(staged.data.path);
      } catch (error) {
        reject(
          error instanceof AppError
            ? error
            : new AppError('INTERNAL', `Uploading ${file.name} failed (HTTP ${xhr.status}).`),
        );
      }
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
