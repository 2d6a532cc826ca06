import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '@shared/errors';
import { startBrowserMode } from './browser-launcher';

/**
 * Entry of browser mode (out/main/browser-mode.js), started by `npm start` where the Electron window
 * cannot be used. Plain Node: no Electron anywhere in this process. The start script says why in
 * TENURE_MODE_REASON; run by hand, it just says it is browser mode.
 */
const usage = `Usage: node out/main/browser-mode.js [--project FILE.tenure] [--port N] [--no-open]

  --project FILE   open this project in the page
  --port N         listen on this port of 127.0.0.1 (default: any free port)
  --no-open        print the address but do not open a browser`;

async function main(): Promise<number> {
  let values: { project?: string; port?: string; 'no-open'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        project: { type: 'string' },
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`tenure: ${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    process.stderr.write(`tenure: --port must be a port number (0-65535), not "${values.port}".\n`);
    return 2;
  }

  const reason = process.env.TENURE_MODE_REASON;
  const app = await startBrowserMode({
    ...(values.project ? { project: resolve(values.project) } : {}),
    ...(port === undefined ? {} : { port }),
    open: !values['no-open'],
    ...(reason ? { reason } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C while a job rolls back: the user wants out now.
        process.stderr.write('tenure: stopping immediately.\n');
        process.exit(130);
      }
      stopping = true;
      process.stdout.write(`\nStopping Tenure (${signal})…\n`);
      app.close().then(
        () => done(0),
        (error: unknown) => {
          process.stderr.write(`tenure: ${AppError.toData(error).message}\n`);
          done(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const data = AppError.toData(error);
    process.stderr.write(`tenure: ${data.message}\n`);
    process.exit(1);
  },
);
