import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface LaunchedBrowserMode {
  /** The printed address, with #token=… (and &project=… when a project was given). */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Ctrl-C, as a user would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts browser mode as `npm start` does (a separate Node process, no browser opened) and waits for the
 * address it prints. `built` runs out/main/browser-mode.js (what Playwright tests should use, after the
 * build); `source` runs the TypeScript entry through tsx, for tests that run before any build.
 * The caller gives data folders (TENURE_DATA_DIR, TENURE_PROJECTS_DIR) so a run never touches the user's.
 */
export async function launchBrowserMode(options: {
  from: 'built' | 'source';
  dataDir: string;
  projectsDir: string;
  project?: string;
  port?: number;
}): Promise<LaunchedBrowserMode> {
  const entry =
    options.from === 'built'
      ? [join(root, 'out', 'main', 'browser-mode.js')]
      : ['--import', 'tsx', join(root, 'src-main', 'app', 'browser-mode.ts')];
  const args = [...entry, '--no-open', '--port', String(options.port ?? 0)];
  if (options.project) args.push('--project', options.project);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      TENURE_DATA_DIR: options.dataDir,
      TENURE_PROJECTS_DIR: options.projectsDir,
      TENURE_MODE_REASON: 'a test started it',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser mode printed no address in 60 s:\n${output}`)),
      60_000,
    );
    const check = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code} before printing its address:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
