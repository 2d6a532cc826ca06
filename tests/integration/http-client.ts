import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { EventStreamParser } from '../../src-renderer/client/sse';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A bare HTTP request with full control over Host, Origin and the path as sent (fetch normalises paths
 * and forbids setting Host, which is exactly what these tests need to do).
 */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Parses a whole server-sent event stream with the renderer's own parser (event name + JSON data). */
export function parseEvents(text: string): { event: string; data: unknown }[] {
  return new EventStreamParser()
    .push(text)
    .map(({ event, data }) => ({ event, data: JSON.parse(data) as unknown }));
}
