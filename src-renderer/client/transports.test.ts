import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreloadApi } from '@shared/bridge';
import { bridge } from '@shared/bridge';
import { AppError } from '@shared/errors';
import { bridgeTransport } from './bridge-transport';
import { ipcTransport } from './ipc-transport';

const progress = { phase: 'read', label: 'Reading', done: 1, total: 2, unit: 'rows' } as const;

function fakePreload(answer: (channel: string, callId: string) => Promise<unknown>) {
  const listeners = new Set<(callId: string, progress: unknown) => void>();
  const api: PreloadApi & { cancelled: string[]; emit: (callId: string, p: unknown) => void } = {
    cancelled: [],
    invoke: (channel, _request, callId) => answer(channel, callId),
    cancel: (callId) => api.cancelled.push(callId),
    onProgress: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pathForFile: () => '/x.csv',
    emit: (callId, p) => listeners.forEach((listener) => listener(callId, p)),
  };
  return api;
}

describe('ipcTransport', () => {
  it('passes only its own call’s progress and unwraps the result', async () => {
    const api = fakePreload(async (_channel, callId) => {
      api.emit('someone-else', { ...progress, done: 99 });
      api.emit(callId, progress);
      return { ok: true, value: { imported: 3 } };
    });
    const seen: unknown[] = [];
    const value = await ipcTransport(api)('import.run', {}, { onProgress: (p) => seen.push(p) });
    expect(value).toEqual({ imported: 3 });
    expect(seen).toEqual([progress]);
  });

  it('throws the AppError an {ok:false} result carries, details included', async () => {
    const error = {
      code: 'PARSE_ERROR',
      message: 'Quote never closed',
      details: { file: 'a.csv', line: 4, column: 2 },
    };
    const api = fakePreload(async () => ({ ok: false, error }));
    const thrown = await ipcTransport(api)('import.inspect', {}, {}).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).toData()).toEqual(error);
  });

  it('asks the main process to cancel the call when the signal aborts', async () => {
    const controller = new AbortController();
    let callId = '';
    const api = fakePreload(
      (_channel, id) =>
        new Promise((resolve) => {
          callId = id;
          setTimeout(() => resolve({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } }), 5);
        }),
    );
    const call = ipcTransport(api)('import.run', {}, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(api.cancelled).toEqual([callId]);
  });
});

/** A streamed answer, cut into awkward chunks, as the bridge sends it. */
function eventStream(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('bridgeTransport', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts to the channel with the token and reads progress then the result', async () => {
    const fetchMock = vi.fn(async () =>
      eventStream([
        `event: progress\ndata: ${JSON.stringify(progress)}\n`,
        `\nevent: res`,
        `ult\ndata: {"ok":true,"value":{"customers":7043}}\n\n`,
      ]),
    );
    vi.stubGlobal('fetch', fetchMock);
    const seen: unknown[] = [];
    const value = await bridgeTransport('secret')(
      'overview.get',
      { project: 'p' },
      { onProgress: (p) => seen.push(p) },
    );
    expect(value).toEqual({ customers: 7043 });
    expect(seen).toEqual([progress]);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${bridge.callPath}overview.get`);
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)[bridge.tokenHeader]).toBe('secret');
    expect(init.body).toBe('{"project":"p"}');
  });

  it('reads a plain JSON refusal (wrong token) as an AppError', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({ ok: false, error: { code: 'UNAUTHORIZED', message: 'Wrong token.' } }, { status: 401 }),
    );
    await expect(bridgeTransport('bad')('app.info', {}, {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('turns an aborted call into CANCELLED and a stream that ends early into a clear error', async () => {
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return eventStream([`event: progress\ndata: ${JSON.stringify(progress)}\n\n`]);
    });
    const controller = new AbortController();
    controller.abort();
    await expect(bridgeTransport('t')('import.run', {}, { signal: controller.signal })).rejects.toMatchObject(
      {
        code: 'CANCELLED',
      },
    );
    await expect(bridgeTransport('t')('import.run', {}, {})).rejects.toThrow(/Lost the connection to Tenure/);
  });
});
