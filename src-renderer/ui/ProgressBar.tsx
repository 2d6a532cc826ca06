import type { JobProgress } from '@shared/contract/channel';
import { formatBytes, formatCount, formatSecondsLeft } from './format';
import { useNow } from './use-job';
import './progress.css';

interface ProgressBarProps {
  /** The latest progress event, or null before the first one arrives. */
  progress: JobProgress | null;
  /** When the job started (ms since epoch): used to estimate speed when the job does not report it. */
  startedAt: number;
  /** What is happening, used until the job reports its own label. */
  label: string;
  onCancel?: () => void;
  cancelling?: boolean;
}

/** The one progress display for long jobs (validation, import, upload): bar, counts, speed, time left, Cancel. */
export function ProgressBar({ progress, startedAt, label, onCancel, cancelling = false }: ProgressBarProps) {
  // Ticks once a second so speed and time left keep moving between progress events.
  const now = Math.max(useNow(true), startedAt);
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  const fraction = total && total > 0 ? Math.min(1, done / total) : null;
  const elapsedSeconds = Math.max(0.001, (now - startedAt) / 1000);

  const rowsPerSecond =
    progress?.rowsPerSecond ??
    (progress?.unit === 'rows' && elapsedSeconds > 0.5 ? done / elapsedSeconds : undefined);
  let secondsLeft = progress?.secondsLeft;
  if (secondsLeft === undefined && fraction !== null && fraction > 0.02 && elapsedSeconds > 1) {
    secondsLeft = (elapsedSeconds / fraction) * (1 - fraction);
  }

  const amount = (value: number) => (progress?.unit === 'bytes' ? formatBytes(value) : formatCount(value));
  const unitWord = progress?.unit === 'rows' ? ' rows' : progress?.unit === 'steps' ? ' steps' : '';
  const details: string[] = [];
  if (progress)
    details.push(
      total === null ? `${amount(done)}${unitWord}` : `${amount(done)} of ${amount(total)}${unitWord}`,
    );
  if (rowsPerSecond !== undefined && rowsPerSecond > 0) details.push(`${formatCount(rowsPerSecond)} rows/s`);
  if (secondsLeft !== undefined) details.push(`${formatSecondsLeft(secondsLeft)} left`);

  const title = cancelling ? 'Cancelling…' : (progress?.label ?? label);
  return (
    <div className="progress">
      <div className="progress-top">
        <span className="progress-label">{title}</span>
        {fraction !== null && <span className="progress-percent num">{Math.floor(fraction * 100)}%</span>}
      </div>
      <div
        className={fraction === null ? 'progress-track progress-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.floor(fraction * 100)}
        aria-valuetext={details.join(', ') || title}
      >
        {/* Keyed by phase: a new phase starts from its own zero instead of sliding back from 100%. */}
        <div
          key={progress?.phase}
          className="progress-fill"
          style={{ width: fraction === null ? undefined : `${fraction * 100}%` }}
        />
      </div>
      <div className="progress-bottom">
        <span className="progress-details num small muted">{details.join(' · ') || 'Starting…'}</span>
        {onCancel && (
          <button type="button" className="btn btn-small" onClick={onCancel} disabled={cancelling}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
