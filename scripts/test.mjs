// `npm test`: the whole suite, from a fresh clone, with no manual step. Each step runs in order and the
// first failure stops the run with a summary of what passed and what failed.
//
//   npm test                   every step
//   npm test -- --from vitest  start at a step (after fixing it), e.g. --from build
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureDependencies, root, runCommand } from './prepare.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const chromium = process.env.TENURE_CHROMIUM ?? '/usr/bin/chromium';

const steps = [
  { name: 'dependencies', run: () => ensureDependencies((line) => console.log(line)) },
  { name: 'typecheck (node)', run: () => tool('tsc', ['-p', 'tsconfig.node.json', '--noEmit']) },
  { name: 'typecheck (web)', run: () => tool('tsc', ['-p', 'tsconfig.web.json', '--noEmit']) },
  { name: 'lint', run: () => tool('eslint', ['.']) },
  { name: 'format', run: () => tool('prettier', ['--check', '.', '--log-level', 'warn']) },
  { name: 'vitest', run: () => tool('vitest', ['run']) },
  { name: 'build', run: () => build({ quiet: true }) },
  {
    name: 'playwright',
    run: () => {
      if (process.platform === 'linux' && !existsSync(chromium)) {
        throw new Error(
          `${chromium} is missing: install Debian's Chromium (apt-get install -y chromium; .ci/run does it).`,
        );
      }
      tool('playwright', ['test']);
    },
  },
];

function tool(name, args) {
  const result = runCommand(bin(name), args);
  if (!result.ok)
    throw new Error(`${name} ${args.join(' ')} exited with ${result.status ?? result.error?.message}`);
}

const fromIndex = process.argv.indexOf('--from');
const from = fromIndex >= 0 ? process.argv[fromIndex + 1] : undefined;
const start = from ? steps.findIndex((step) => step.name.startsWith(from)) : 0;
if (start < 0) {
  console.error(`tenure test: no step "${from}"; steps are: ${steps.map((step) => step.name).join(', ')}`);
  process.exit(2);
}

const results = [];
let failed = null;
for (const step of steps.slice(start)) {
  console.log(`\n▶ ${step.name}`);
  const began = Date.now();
  try {
    await step.run();
    results.push({ name: step.name, ok: true, seconds: (Date.now() - began) / 1000 });
  } catch (error) {
    results.push({ name: step.name, ok: false, seconds: (Date.now() - began) / 1000 });
    failed = { step: step.name, message: error.message };
    break;
  }
}

console.log('\nSummary');
for (const result of results)
  console.log(`  ${result.ok ? 'ok  ' : 'FAIL'}  ${result.name} (${result.seconds.toFixed(1)} s)`);
for (const step of steps.slice(start + results.length)) console.log(`  skip  ${step.name}`);
if (failed) {
  console.error(`\nnpm test failed at "${failed.step}": ${failed.message}`);
  console.error(`After fixing it, continue with: npm test -- --from ${failed.step.split(' ')[0]}`);
  process.exit(1);
}
console.log('\nAll steps passed.');
