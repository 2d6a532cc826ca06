import { Readable } from 'node:stream';
import { run, type CliIo } from '../../src-main/transports/cli/run';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not). */
  json<T = unknown>(): T;
}

/** Runs `tenure …` in this process with captured output. */
export async function runCli(
  argv: string[],
  options: Partial<Omit<CliIo, 'stdin'>> & { stdin?: string; tty?: boolean } = {},
): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const { stdin, tty, ...io } = options;
  const code = await run(argv, {
    cwd: process.cwd(),
    signal: new AbortController().signal,
    ...io,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: tty ?? false },
    stdin: Readable.from([stdin ?? '']),
  });
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}
