import type { JobProgress } from '@shared/contract/channel';

export interface ProgressLine {
  update(progress: unknown): void;
  done(): void;
}

/**
 * A single updating progress line on a terminal's stderr ("Reading rows  45%  3,170 / 7,043 rows").
 * Nothing at all when stderr is not a terminal, so logs and pipes get no carriage-return noise.
 */
export function progressLine(stderr: { write(text: string): unknown; isTTY?: boolean }): ProgressLine {
  if (!stderr.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      stderr.write(`\r\x1b[K${describe(progress as JobProgress)}`);
    },
    done() {
      if (shown) stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

const number = new Intl.NumberFormat('en');

export function describe(progress: JobProgress): string {
  const amount = (value: number) =>
    progress.unit === 'bytes' ? `${number.format(Math.round(value / 1024 / 1024))} MB` : number.format(value);
  const parts = [progress.label];
  if (progress.total) parts.push(`${Math.floor((progress.done / progress.total) * 100)}%`);
  parts.push(
    progress.total
      ? `${amount(progress.done)} / ${amount(progress.total)}${progress.unit === 'bytes' ? '' : ` ${progress.unit}`}`
      : `${amount(progress.done)}${progress.unit === 'bytes' ? '' : ` ${progress.unit}`}`,
  );
  if (progress.rowsPerSecond) parts.push(`${number.format(Math.round(progress.rowsPerSecond))} rows/s`);
  if (progress.secondsLeft !== undefined) parts.push(`about ${Math.ceil(progress.secondsLeft)} s left`);
  return parts.join('  ');
}
