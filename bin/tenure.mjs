#!/usr/bin/env node
// The `tenure` command. The CLI itself is built from TypeScript (src-main/transports/cli) into
// out/main/cli.js; on a fresh clone that file does not exist yet, so this shim installs dependencies and
// builds first (once), with its messages on stderr so stdout stays JSON.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.js');

if (!existsSync(cli)) {
  const { ensureBuild, ensureDependencies } = await import('../scripts/prepare.mjs');
  const log = (line) => process.stderr.write(`${line}\n`);
  try {
    ensureDependencies(log);
    ensureBuild(log);
  } catch (error) {
    log(`tenure: ${error.message}\ntenure: to build by hand, run in ${root}: npm ci && npm run build`);
    process.exit(1);
  }
}
await import(pathToFileURL(cli).href);
