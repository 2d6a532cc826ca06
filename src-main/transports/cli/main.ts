import { run } from './run';

/**
 * Entry of the `tenure` command (out/main/cli.js, started by bin/tenure.mjs). Ctrl-C aborts the running
 * call, which lets an import roll back, and the process exits 130; a second Ctrl-C exits at once.
 */
const controller = new AbortController();
let interrupted = false;
const onSignal = () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  signal: controller.signal,
});
// Exit explicitly: stdin (when read) and worker threads must not keep the process alive.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
