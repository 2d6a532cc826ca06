import type { AppMode } from '@shared/contract/app';
import type { CellValue } from '@shared/domain/columns';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const dash = '—';

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** A share (0..1) as a percentage with one decimal, e.g. 0.2654 → "26.5%". */
export function formatShare(share: number): string {
  return `${oneDecimal.format(share * 100)}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${oneDecimal.format(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${oneDecimal.format(bytes / 1024 / 1024)} MB`;
  return `${oneDecimal.format(bytes / 1024 / 1024 / 1024)} GB`;
}

/** "about 3 min", "12 s": time left is an estimate, so it is rounded the way people say it. */
export function formatSecondsLeft(seconds: number): string {
  if (seconds < 1) return 'less than a second';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${oneDecimal.format(seconds / 3600)} h`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${oneDecimal.format(ms / 1000)} s`;
}

/** A cell as the tables show it. Dates arrive as ISO strings and are shown as they are (unambiguous). */
export function formatCell(value: CellValue): string {
  if (value === null) return dash;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return formatNumber(value);
  return value;
}

/** Shows a date-time string from the store (ISO) in the user's locale, falling back to the raw text. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

const modeLabels: Record<AppMode, string> = {
  electron: 'Desktop',
  browser: 'Browser mode',
  cli: 'Command line',
};

/** How this running Tenure is shown to the user, e.g. in the status line. */
export function modeLabel(mode: AppMode): string {
  return modeLabels[mode];
}
