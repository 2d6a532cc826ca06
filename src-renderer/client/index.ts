import { createClient, type Client } from '@shared/contract';
import type { Sample } from '@shared/contract/app';
import { AppError } from '@shared/errors';
import { bridgeTransport, stageFileOverBridge, type StageOptions } from './bridge-transport';
import { ipcTransport } from './ipc-transport';
import { launchParams } from './launch';

const preload = window.tenure;
const { token } = launchParams();

/** The one client every feature uses: `client.import.run(request, { onProgress, signal })`. */
export const client: Client = createClient(preload ? ipcTransport(preload) : bridgeTransport(token));

/** True when browser mode was opened without its token (a bookmarked or hand-typed address). */
export const missingToken = !preload && !token;

let samples: Promise<Sample[]> | null = null;

/**
 * The sample datasets shipped with Tenure. The list never changes while Tenure runs, so it is asked for
 * once and shared by the start screen and every opening of the import wizard; a failed answer is not kept,
 * so the next caller asks again.
 */
export function loadSamples(): Promise<Sample[]> {
  samples ??= client.app.samples({}).then(
    (answer) => answer.samples,
    (error: unknown) => {
      samples = null;
      throw error;
    },
  );
  return samples;
}

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
