// `npm start`: sets up what is missing (dependencies, build) and starts Tenure. The Electron window where
// Electron's binary is installed and a display exists; otherwise browser mode, saying plainly which mode
// and why. Zero dependencies: it runs on a fresh clone before node_modules exists.
//
// Arguments after `npm start --` go to the app: --project FILE.tenure, and in browser mode --port N and
// --no-open.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  displayAvailable,
  electronBinary,
  ensureBuild,
  ensureDependencies,
  root,
  tryInstallElectron,
} from './prepare.mjs';

const log = (line) => console.log(line);
const args = process.argv.slice(2);

function fail(message) {
  console.error(`tenure: ${message}`);
  process.exit(1);
}

/** Runs the app as a child with the terminal attached, and exits with its status. */
function runApp(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  // Ctrl-C reaches the child directly (same process group); this process just waits for it to finish.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) =>
    process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1)),
  );
  child.on('error', (error) => fail(`could not start ${command}: ${error.message}`));
}

async function electronPlan() {
  const binary = electronBinary() ?? tryInstallElectron(log);
  if (!binary) {
    return {
      reason: "Electron's binary is not installed here and could not be downloaded",
    };
  }
  if (!displayAvailable()) {
    return { reason: 'there is no display to show a window on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  try {
    const { electronSqliteBinding } = await import('./electron-sqlite.mjs');
    return { binary, sqliteBinding: electronSqliteBinding(log) };
  } catch (error) {
    return { reason: `Electron is installed but its SQLite module could not be prepared: ${error.message}` };
  }
}

try {
  ensureDependencies(log);
  ensureBuild(log);
} catch (error) {
  fail(error.message);
}

const plan = await electronPlan();
if (plan.binary) {
  log('tenure: starting the Electron app.');
  runApp(plan.binary, [root, ...args], { TENURE_SQLITE_BINDING: plan.sqliteBinding });
} else {
  // Browser mode states the mode and the reason itself, next to the address it prints.
  runApp(process.execPath, [join(root, 'out', 'main', 'browser-mode.js'), ...args], {
    TENURE_MODE_REASON: plan.reason,
  });
}
