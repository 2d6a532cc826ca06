import { createClient, type Client } from '@shared/contract';
import { AppError } from '@shared/errors';
import { bridgeTransport, stageFileOverBridge, type StageOptions } from './bridge-transport';
import { ipcTransport } from './ipc-transport';
import { launchParams } from './launch';

/** Which way calls travel: Electron's preload when it is there, otherwise the loopback bridge. */
export const transportKind: 'ipc' | 'bridge' = window.tenure ? 'ipc' : 'bridge';

const preload = window.tenure;
const { token } = launchParams();

/** The one client every feature uses: `client.import.run(request, { onProgress, signal })`. */
export const client: Client = createClient(preload ? ipcTransport(preload) : bridgeTransport(token));

/** True when browser mode was opened without its token (a bookmarked or hand-typed address). */
export const missingToken = !preload && !token;

/**
 * Makes a dropped or picked file readable by the import channels and returns its path. In Electron the
 * main process reads the file where it is; in browser mode the bytes are uploaded to the bridge.
 */
export function stageFile(file: File, options: StageOptions = {}): Promise<string> {
  if (preload) {
    // Electron knows the path of a file dropped from disk; a file with no path (dragged out of another
    // application) has to be saved first.
    const path = preload.pathForFile(file);
    if (path) return Promise.resolve(path);
    return Promise.reject(
      new AppError(
        'FILE_UNREADABLE',
        `${file.name} is not a file on disk. Save it to a folder first, then pick it.`,
      ),
    );
  }
  return stageFileOverBridge(token, file, options);
}

export type { StageOptions } from './bridge-transport';
export { launchParams, rememberOpenProject } from './launch';
