import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `candidate` is `dir` itself or inside it (after both are absolute and normalised). */
export function isInside(dir: string, candidate: string): boolean {
  const rel = relative(dir, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * Serves the built renderer. The URL path is decoded once and resolved under rendererDir; anything that
 * would land outside it (../, encoded slashes, backslashes, NUL, symlinks pointing out) is a 404, so a
 * request can never read another file on the disk.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  rendererDir: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res
      .writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
      .end('Method not allowed\n');
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    notFound(res);
    return;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    notFound(res);
    return;
  }
  const wanted = decoded === '/' || decoded === '' ? '/index.html' : decoded;
  const file = await resolveFile(rendererDir, wanted);
  // The renderer navigates in-page; a path without an extension that is not a file is a route of the
  // single-page app, so it gets index.html rather than a 404.
  const served = file ?? (extname(wanted) === '' ? await resolveFile(rendererDir, '/index.html') : null);
  if (!served) {
    if (wanted === '/index.html' || extname(wanted) === '') {
      res
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The renderer is not built. Run `npm run build` (npm start does it for you).\n');
      return;
    }
    notFound(res);
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentTypeOf(served.path),
    'Content-Length': String(served.size),
    // Each launch has its own port and token; caching buys nothing and could serve a stale build.
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(served.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function resolveFile(
  rendererDir: string,
  urlPath: string,
): Promise<{ path: string; size: number } | null> {
  try {
    const root = await realpath(rendererDir);
    const candidate = join(root, urlPath);
    if (!isInside(root, candidate)) return null;
    const real = await realpath(candidate);
    if (!isInside(root, real)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size } : null;
  } catch {
    return null;
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
}
