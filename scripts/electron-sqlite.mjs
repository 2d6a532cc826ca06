// Prepares better-sqlite3's native module for Electron's ABI, next to (not instead of) the Node build that
// the CLI, browser mode and tests use. Only start.mjs (and the Electron smoke test) call this, and only
// where Electron's binary exists. The result is cached per Electron and better-sqlite3 version in
// node_modules/.cache/tenure/electron-<electron>-better-sqlite3-<version>/ and its path is passed to the
// app in TENURE_SQLITE_BINDING, which the store hands to better-sqlite3 as `nativeBinding`.
//
// This path cannot run on the machine the app was written on (Electron's binary cannot be downloaded
// there), so it is kept small and tries the two standard ways in order:
//   1. prebuild-install --runtime electron: downloads the matching prebuilt binary from better-sqlite3's
//      GitHub releases (fast; needs the network);
//   2. node-gyp rebuild against Electron's headers (needs a C++ toolchain and the headers download).
//
// Run by hand: node scripts/electron-sqlite.mjs   (prints the binding's path)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { electronVersion, root, runCommand } from './prepare.mjs';

export function electronSqliteBinding(log = console.log) {
  const source = join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  const electron = electronVersion();
  const dir = join(
    root,
    'node_modules',
    '.cache',
    'tenure',
    `electron-${electron}-better-sqlite3-${sqliteVersion}`,
  );
  const binding = join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  log(`tenure: building better-sqlite3 ${sqliteVersion} for Electron ${electron} (once)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A private copy, so the Node build in node_modules/better-sqlite3 stays as it is.
  cpSync(source, dir, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
  const target = [
    '--runtime',
    'electron',
    '--target',
    electron,
    '--arch',
    process.arch,
    '--platform',
    process.platform,
  ];
  const prebuilt = runCommand(
    process.execPath,
    [join(root, 'node_modules', 'prebuild-install', 'bin.js'), ...target],
    { quiet: true, timeoutMs: 180_000, cwd: dir },
  );
  if (!existsSync(binding)) {
    // node-gyp is run directly (npm ships it) rather than through npx: npx would apply a `nodedir` from the
    // user's npmrc, and npm exports its config to scripts as npm_config_*; either makes node-gyp build
    // against Node's headers instead of Electron's. node-gyp itself reads only argv and the environment.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'),
    );
    const gyp = nodeGyp();
    const args = [
      'rebuild',
      '--release',
      `--target=${electron}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ];
    const compiled = gyp
      ? runCommand(process.execPath, [gyp, ...args], { quiet: true, timeoutMs: 900_000, cwd: dir, env })
      : runCommand('npx', ['--yes', 'node-gyp', ...args], { quiet: true, timeoutMs: 900_000, cwd: dir, env });
    if (!existsSync(binding)) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `could not build better-sqlite3 for Electron ${electron}.\n` +
          `prebuild-install said: ${prebuilt.output.trim().slice(-400)}\n` +
          `node-gyp said: ${compiled.output.trim().slice(-400)}`,
      );
    }
  }
  // A build for the wrong runtime loads nowhere useful and fails late with a cryptic message; check that
  // the module registers itself for Electron's ABI (Node modules export node_register_module_v<ABI>).
  const abi = readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  if (!readFileSync(binding).includes(`node_register_module_v${abi}`)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `the better-sqlite3 build is not for Electron's ABI ${abi} (was node-gyp pointed at Node's headers?).`,
    );
  }
  return binding;
}

/** npm's bundled node-gyp, next to the running Node. */
function nodeGyp() {
  const prefix = dirname(dirname(process.execPath));
  const candidates = [
    join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path) => existsSync(path)) ?? null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${electronSqliteBinding((line) => process.stderr.write(`${line}\n`))}\n`);
  } catch (error) {
    process.stderr.write(`tenure: ${error.message}\n`);
    process.exit(1);
  }
}
