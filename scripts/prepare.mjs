// Zero-dependency helpers shared by scripts/start.mjs, scripts/test.mjs and bin/tenure.mjs: they run on a
// fresh clone before node_modules exists, so they use Node's standard library only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command with inherited output (or quietly, returning its output); never throws for a non-zero exit. */
export function runCommand(
  command,
  args,
  { quiet = false, timeoutMs, env, cwd = root, toStderr = false } = {},
) {
  const result = spawnSync(command, args, {
    cwd,
    // toStderr: for callers whose stdout is reserved for JSON (bin/tenure.mjs).
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : toStderr ? ['ignore', 2, 2] : 'inherit',
    encoding: 'utf8',
    timeout: timeoutMs,
    env: env ?? process.env,
    // npm and npx are .cmd files on Windows.
    shell: process.platform === 'win32',
  });
  return {
    ok: result.status === 0,
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    error: result.error,
  };
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * node_modules is current when npm's own record of the install (node_modules/.package-lock.json, written
 * by every npm install/ci) is at least as new as package-lock.json.
 */
export function dependenciesNeedInstall() {
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  const installed =
    mtime(join(root, 'node_modules', '.package-lock.json')) ?? mtime(join(root, 'node_modules'));
  const locked = mtime(join(root, 'package-lock.json'));
  if (locked !== null && installed !== null && installed < locked)
    return 'package-lock.json changed since the last install';
  return null;
}

export function ensureDependencies(log = console.log) {
  const why = dependenciesNeedInstall();
  if (!why) return;
  log(`tenure: installing dependencies (${why}): npm ci`);
  // npm's output goes to stderr: stdout may be carrying JSON (bin/tenure.mjs).
  const result = runCommand('npm', ['ci', '--no-audit', '--no-fund'], { toStderr: true });
  if (!result.ok) throw new Error('npm ci failed (see above).');
}

const buildInputs = ['src-main', 'src-shared', 'src-renderer', 'resources'];
const buildConfigFiles = [
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
];
export const buildOutputs = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/browser-mode.js',
  'out/main/worker.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

function newestSource(dir) {
  let newest = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      // Tests are not part of the build; editing one must not trigger a rebuild.
      else if (!/\.(test|spec)\.tsx?$/.test(entry.name)) newest = Math.max(newest, mtime(full) ?? 0);
    }
  };
  if (existsSync(dir)) walk(dir);
  return newest;
}

/** Why out/ must be (re)built, or null when it is complete and newer than every source. */
export function buildNeeded() {
  const missing = buildOutputs.filter((file) => !existsSync(join(root, file)));
  if (missing.length) return `${missing.join(', ')} missing`;
  const oldestOutput = Math.min(...buildOutputs.map((file) => mtime(join(root, file)) ?? 0));
  const newestInput = Math.max(
    ...buildInputs.map((dir) => newestSource(join(root, dir))),
    ...buildConfigFiles.map((file) => mtime(join(root, file)) ?? 0),
  );
  return newestInput > oldestOutput ? 'sources changed since the last build' : null;
}

export function build({ quiet = false } = {}) {
  const result = runCommand(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      quiet,
    },
  );
  if (!result.ok) {
    if (quiet) process.stderr.write(result.output);
    throw new Error('The build failed (electron-vite build; see above).');
  }
}

export function ensureBuild(log = console.log) {
  const why = buildNeeded();
  if (!why) return;
  log(`tenure: building (${why}): electron-vite build`);
  build({ quiet: true });
}

/** The Electron executable when its binary is installed, else null. */
export function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const binary = join(dir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** Tries Electron's own download once (it fails within a second offline); returns the binary or null. */
export function tryInstallElectron(log = console.log) {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return null;
  log("tenure: Electron's binary is not installed; trying its download once…");
  const result = runCommand(process.execPath, [installer], { quiet: true, timeoutMs: 120_000 });
  if (!result.ok) return null;
  return electronBinary();
}

/** Whether a window can be shown: always on macOS and Windows, with an X or Wayland display on Linux. */
export function displayAvailable(env = process.env) {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
