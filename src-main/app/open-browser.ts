import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type OpenResult = { opened: true } | { opened: false; why: string };

/**
 * Opens a file or URL in the user's default browser when this machine has one to show: a desktop on
 * macOS and Windows, xdg-open plus a display on Linux. Resolves after the opener started (it is not waited
 * for: xdg-open may hand over to a browser that runs for hours).
 */
export async function openInBrowser(
  target: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenResult> {
  const command = openerFor(env);
  if ('why' in command) return { opened: false, why: command.why };
  return new Promise((resolve) => {
    const child = spawn(command.file, [...command.args, target], { detached: true, stdio: 'ignore' });
    child.once('error', (error) =>
      resolve({ opened: false, why: `${command.file} failed: ${error.message}` }),
    );
    child.once('spawn', () => {
      child.unref();
      resolve({ opened: true });
    });
  });
}

function openerFor(env: NodeJS.ProcessEnv): { file: string; args: string[] } | { why: string } {
  if (process.platform === 'darwin') return { file: 'open', args: [] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (process.platform === 'win32') return { file: 'cmd', args: ['/c', 'start', '""'] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY)
    return { why: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  if (!onPath('xdg-open', env)) return { why: 'xdg-open is not installed' };
  return { file: 'xdg-open', args: [] };
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}
