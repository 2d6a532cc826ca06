import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const entry = join(root, 'out', 'main', 'browser-mode.js');

export interface RunningBrowserMode {
  /** The printed address, with the token in its fragment. */
  url: string;
  origin: string;
  projectsDir: string;
  stop(): Promise<void>;
}

/**
 * Starts Tenure's browser mode (the built out/main/browser-mode.js) on a free port, with its settings and
 * projects in fresh temporary folders so a run never sees the user's projects, and returns the address it
 * prints.
 */
export async function startBrowserMode(): Promise<RunningBrowserMode> {
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does).`);
  const dir = mkdtempSync(join(tmpdir(), 'tenure-e2e-'));
  const projectsDir = join(dir, 'projects');
  const child: ChildProcess = spawn(process.execPath, [entry, '--no-open'], {
    cwd: root,
    env: { ...process.env, TENURE_DATA_DIR: join(dir, 'data'), TENURE_PROJECTS_DIR: projectsDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser mode printed no address in 20 s:\n${output}`)),
      20_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/#\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code} before printing an address:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    projectsDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
