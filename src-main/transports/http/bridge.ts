import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bridge, serverEvent } from '@shared/bridge';
import type { AppErrorData, ErrorCode } from '@shared/errors';
import { contentSecurityPolicy } from '../../app/content-security-policy';
import type { CallResult, Dispatch } from '../dispatch';
import { hostAllowed, newToken, originAllowed, tokenMatches } from './guards';
import { serveStatic } from './static-files';
import { decodeFileNameHeader, receiveUpload, UploadError } from './uploads';

export interface BridgeOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer), served as static files. */
  rendererDir: string;
  /** Where uploaded files are written (browser mode has no file paths, so files are copied here). */
  stagingDir: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Only the loopback address: the bridge must never be reachable from another machine. */
  host?: '127.0.0.1';
  /** Largest JSON request body. */
  maxBodyBytes?: number;
  /** Largest uploaded file. */
  maxUploadBytes?: number;
}

export interface Bridge {
  /** The page to open, with the token in the fragment (#token=…), which the browser never sends anywhere. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const defaultMaxBody = 1024 * 1024;
// Customer tables of a few million rows are a few GB of CSV; beyond that an upload is more likely a mistake.
const defaultMaxUpload = 8 * 1024 ** 3;

/**
 * The loopback bridge of browser mode: the renderer, served to a normal browser, calls the same dispatch
 * the Electron transport uses. Security rests on four things, each checked on every request:
 *  - bound to 127.0.0.1 only, so nothing off this machine reaches it;
 *  - Host must be our own address and port (defeats DNS rebinding);
 *  - Origin, when a browser sends one, must be our own page (defeats other sites' pages);
 *  - /api needs the per-launch token, compared in constant time (defeats other local users and any page
 *    that got past the above); the token reaches the page only in the URL fragment.
 * No CORS headers are ever sent, so browsers keep other origins from reading any answer.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = newToken();
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? defaultMaxBody;
  const maxUpload = options.maxUploadBytes ?? defaultMaxUpload;
  const running = new Set<AbortController>();
  let port = 0;

  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    handle(req, res).catch((error: unknown) => {
      // A bug in the bridge itself; the answer stays data, never a stack trace.
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, failure('INTERNAL', `The bridge failed: ${String(error)}`));
      } else {
        res.destroy();
      }
    });
  });
  // Uploads of a few GB take longer than Node's default 5-minute request timeout; this is loopback only.
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers, port)) {
      sendJson(
        res,
        403,
        failure('FORBIDDEN', 'This address only answers requests for 127.0.0.1 or localhost.'),
      );
      return;
    }
    if (!originAllowed(req.headers, port)) {
      sendJson(res, 403, failure('FORBIDDEN', 'Requests from other sites are not allowed.'));
      return;
    }
    const pathname = pathOf(req.url);
    if (pathname !== '/api' && !pathname.startsWith('/api/')) {
      await serveStatic(req, res, pathname, options.rendererDir);
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    if (!tokenMatches(req.headers[bridge.tokenHeader], token)) {
      sendJson(res, 401, failure('UNAUTHORIZED', 'Missing or wrong token. Open the address Tenure printed.'));
      return;
    }
    if (pathname.startsWith(bridge.callPath)) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(res, 405, failure('INVALID_REQUEST', 'Calls are POST requests.'));
        return;
      }
      await handleCall(req, res, pathname.slice(bridge.callPath.length));
      return;
    }
    if (pathname === bridge.filesPath) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(res, 405, failure('INVALID_REQUEST', 'Uploads are POST requests.'));
        return;
      }
      await handleUpload(req, res);
      return;
    }
    sendJson(res, 404, failure('NOT_FOUND', `There is no ${pathname}.`));
  }

  async function handleCall(
    req: IncomingMessage,
    res: ServerResponse,
    encodedChannel: string,
  ): Promise<void> {
    let channelName: string;
    try {
      channelName = decodeURIComponent(encodedChannel);
    } catch {
      sendJson(res, 400, failure('INVALID_REQUEST', 'The channel name is not valid URI encoding.'));
      return;
    }
    const body = await readBody(req, maxBody);
    if (body === 'too large') {
      res.setHeader('Connection', 'close');
      sendJson(res, 413, failure('INVALID_REQUEST', `The request is larger than ${maxBody} bytes.`));
      return;
    }
    let request: unknown;
    try {
      request = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(res, 400, failure('INVALID_REQUEST', 'The request body is not valid JSON.'));
      return;
    }

    // The page closing the stream (or the tab) is how it cancels: abort the call's signal.
    const controller = new AbortController();
    running.add(controller);
    res.on('close', () => {
      if (!res.writableEnded) controller.abort();
    });

    const streaming = (req.headers.accept ?? '').includes('text/event-stream');
    try {
      if (streaming) {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Accel-Buffering': 'no',
        });
        res.flushHeaders();
        const result = await options.dispatch(channelName, request, {
          signal: controller.signal,
          onProgress: (progress) => writeEvent(res, bridge.events.progress, progress),
        });
        writeEvent(res, bridge.events.result, result);
        res.end();
      } else {
        const result = await options.dispatch(channelName, request, { signal: controller.signal });
        // Application errors are data: 200 whether the call succeeded or not.
        sendJson(res, 200, result);
      }
    } finally {
      running.delete(controller);
    }
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const name = decodeFileNameHeader(req.headers[bridge.fileNameHeader]);
      const path = await receiveUpload(req, options.stagingDir, name, maxUpload);
      sendJson(res, 200, { ok: true, value: { path } });
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      if (res.destroyed) return;
      res.setHeader('Connection', 'close');
      sendJson(
        res,
        error.status,
        failure(error.status === 500 ? 'FILE_UNREADABLE' : 'INVALID_REQUEST', error.message),
      );
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#${bridge.tokenFragmentKey}=${token}`,
    port,
    token,
    close: async () => {
      for (const controller of running) controller.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  // Keeps other origins from embedding our scripts or images and from holding a handle on our window.
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function pathOf(url: string | undefined): string {
  // Only the path matters; an absolute-form request URL ("http://other/...") does not change the target.
  try {
    return new URL(url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return '/';
  }
}

function failure(code: ErrorCode, message: string): CallResult {
  const error: AppErrorData = { code, message };
  return { ok: false, error };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  res.write(serverEvent(event, data));
}

/** The JSON body, or 'too large' (the rest is drained, not buffered, so the 413 answer can still be sent). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve('too large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      resolve('too large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
