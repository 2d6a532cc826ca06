import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@shared/errors';
import { createServices } from '../services';
import { createDispatch } from '../transports/dispatch';
import { startBridge, type Bridge } from '../transports/http/bridge';
import type { AppEnvironment } from './environment';
import { createEnvironment } from './create-environment';
import { openInBrowser } from './open-browser';
import { appPaths } from './paths';

export interface BrowserModeOptions {
  /** Absolute path of a project to open in the page. */
  project?: string;
  port?: number;
  /** Open the default browser (when there is one). */
  open: boolean;
  /** Why browser mode rather than the Electron window, in words for the user. */
  reason?: string;
  /** Where human messages go (stdout for `npm start`, stderr for `tenure serve`). */
  log: (line: string) => void;
  environment?: AppEnvironment;
  rendererDir?: string;
}

export interface BrowserMode {
  /** The page address, with the token (and the project) in the fragment. */
  url: string;
  bridge: Bridge;
  close(): Promise<void>;
}

/**
 * Browser mode: the services run in this Node process, the built renderer is served on 127.0.0.1 by the
 * loopback bridge, and the user's browser is the window. Used by `npm start` where Electron cannot run
 * and by `tenure serve`.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const environment = options.environment ?? createEnvironment('browser');
  const services = createServices(environment);
  const dispatch = createDispatch(services.handlers);
  // One private folder per launch for uploaded files and the launch page; removed on close.
  const launchDir = await mkdtemp(join(tmpdir(), 'tenure-browser-'));
  let bridge: Bridge;
  try {
    if (options.project) {
      // Fail before printing an address when the project cannot be opened; this also adds it to recents.
      const opened = await dispatch('project.open', { path: options.project });
      if (!opened.ok) throw AppError.fromData(opened.error);
    }
    bridge = await startBridge({
      dispatch,
      rendererDir: options.rendererDir ?? appPaths().rendererDir,
      stagingDir: join(launchDir, 'staging'),
      ...(options.port === undefined ? {} : { port: options.port }),
    });
  } catch (error) {
    await services.close();
    await rm(launchDir, { recursive: true, force: true });
    throw error;
  }

  const url = options.project ? `${bridge.url}&project=${encodeURIComponent(options.project)}` : bridge.url;
  options.log(`Tenure is running in browser mode${options.reason ? ` because ${options.reason}` : ''}.`);
  options.log('Open this address in your browser (it holds this launch’s secret token; do not share it):');
  options.log('');
  options.log(`  ${url}`);
  options.log('');
  if (options.open) {
    // The browser gets a private launch page that forwards to the address, so the token never appears on
    // a command line (other users of this machine can read command lines with ps).
    const launchPage = join(launchDir, 'open-tenure.html');
    await writeFile(launchPage, launchPageHtml(url), { mode: 0o600 });
    const result = await openInBrowser(launchPage);
    options.log(
      result.opened
        ? 'Opened it in your default browser.'
        : `Did not open a browser: ${result.why}. Open the address above yourself.`,
    );
  }
  options.log('Press Ctrl-C to stop Tenure.');

  let closing: Promise<void> | null = null;
  return {
    url,
    bridge,
    close: () => {
      closing ??= (async () => {
        await bridge.close();
        await services.close();
        await rm(launchDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

function launchPageHtml(url: string): string {
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${escaped}"><title>Opening Tenure…</title><p>Opening Tenure… If nothing happens, open <a href="${escaped}">Tenure</a>.</p>\n`;
}
