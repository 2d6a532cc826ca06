import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the Electron window may load and who may call the main process, as pure functions of URLs so they
 * are tested under plain Node. The window loads exactly one page: the built index.html (or, in
 * `electron-vite dev`, the dev server), and the app makes no network request of its own.
 */
export interface RendererPolicy {
  /** The top frame at this URL may call the main process over IPC. */
  isAllowedSender(url: string): boolean;
  /** The window may load this URL (page, script, style, image, devtools). */
  isAllowedRequest(url: string): boolean;
}

export function rendererPolicy(options: {
  rendererDir: string;
  devServerUrl?: string | undefined;
}): RendererPolicy {
  const rendererDir = resolve(options.rendererDir);
  const indexHtml = resolve(rendererDir, 'index.html');
  const devOrigin = options.devServerUrl ? new URL(options.devServerUrl).origin : null;
  const devHost = options.devServerUrl ? new URL(options.devServerUrl).host : null;

  const parse = (url: string): URL | null => {
    try {
      return new URL(url);
    } catch {
      return null;
    }
  };
  const filePath = (url: URL): string | null => {
    try {
      return resolve(fileURLToPath(url));
    } catch {
      return null;
    }
  };

  return {
    isAllowedSender(url) {
      const parsed = parse(url);
      if (!parsed) return false;
      if (parsed.protocol === 'file:') return filePath(parsed) === indexHtml;
      return devOrigin !== null && parsed.origin === devOrigin;
    },
    isAllowedRequest(url) {
      const parsed = parse(url);
      if (!parsed) return false;
      switch (parsed.protocol) {
        case 'file:': {
          const path = filePath(parsed);
          if (path === null) return false;
          const rel = relative(rendererDir, path);
          return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
        }
        case 'devtools:':
        case 'data:':
        case 'blob:':
          return true;
        case 'http:':
        case 'ws:':
          // Vite's dev server and its hot-reload socket; nothing else on the network.
          return devHost !== null && parsed.host === devHost;
        default:
          return false;
      }
    },
  };
}
