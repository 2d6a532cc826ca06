import { useRef, useState, type DragEvent } from 'react';
import { loadSamples, stageFile } from '../../client';
import { baseName } from '../../ui/errors';
import { formatBytes, formatCount } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { ProgressBar } from '../../ui/ProgressBar';
import { ErrorPanel } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useJob } from '../../ui/use-job';
import { seedFromSample, type WizardSeed } from './seed';

/**
 * Step 1: pick the file. Dropping or picking a file stages it (in Electron that is just its path; in
 * browser mode the bytes are copied to the local bridge). A typed path skips the copy, which matters
 * for very large files in browser mode, where Tenure runs on this same computer.
 */
export function FileStep({ onChosen }: { onChosen: (file: WizardSeed) => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [typedPath, setTypedPath] = useState('');
  const upload = useJob<string>();
  const samples = useAsync('samples', loadSamples);

  const stage = async (file: File) => {
    const path = await upload.run(({ signal, onProgress }) =>
      stageFile(file, {
        signal,
        onProgress: (sent, total) =>
          onProgress({ phase: 'upload', label: `Copying ${file.name}`, done: sent, total, unit: 'bytes' }),
      }),
    );
    if (path) onChosen({ path, name: file.name, size: file.size });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void stage(file);
  };

  const uploading = upload.state.status === 'running';

  return (
    <div className="wizard-file">
      <div
        className={dragging ? 'dropzone dropzone-active' : 'dropzone'}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {upload.state.status === 'running' ? (
          <ProgressBar
            progress={upload.state.progress}
            startedAt={upload.state.startedAt}
            label="Copying the file…"
            onCancel={upload.cancel}
            cancelling={upload.state.cancelling}
          />
        ) : (
          <>
            <Icon name="import" size={32} className="dropzone-icon" />
            <p className="dropzone-title">Drop a CSV file here</p>
            <p className="muted">
              One row per customer: an ID, optionally a churned flag, dates or a tenure, and any attributes.
            </p>
            <button type="button" className="btn btn-primary" onClick={() => inputRef.current?.click()}>
              Choose a file…
            </button>
            <input
              ref={inputRef}
              type="file"
              accept=".csv,.tsv,.txt,text/csv,text/plain"
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void stage(file);
              }}
            />
          </>
        )}
      </div>
      {upload.state.status === 'failed' && (
        <ErrorPanel error={upload.state.error} title="The file could not be read" />
      )}
      {upload.state.status === 'cancelled' && <p className="muted">Copying cancelled.</p>}

      <div className="wizard-file-alternatives">
        <form
          className="panel panel-body wizard-file-path"
          onSubmit={(event) => {
            event.preventDefault();
            const path = typedPath.trim();
            if (path) onChosen({ path, name: baseName(path) });
          }}
        >
          <label className="field">
            <span className="field-label">Or type the path of a file on this computer</span>
            <div className="row">
              <input
                className="input mono wizard-path-input"
                value={typedPath}
                onChange={(event) => setTypedPath(event.target.value)}
                placeholder="/home/me/exports/customers.csv"
                spellCheck={false}
                autoComplete="off"
                disabled={uploading}
              />
              <button type="submit" className="btn" disabled={!typedPath.trim() || uploading}>
                Use this file
              </button>
            </div>
            <span className="field-hint">Reads the file where it is — best for very large files.</span>
          </label>
        </form>
        {samples.status === 'ready' &&
          samples.data.map((sample) => (
            <div className="panel panel-body wizard-file-sample" key={sample.id}>
              <div>
                <p className="field-label">Or use the sample dataset</p>
                <p className="muted small">
                  {sample.title} — {formatCount(sample.rows)} customers
                  {sample.path && ` · ${baseName(sample.path)}`}
                </p>
              </div>
              <button
                type="button"
                className="btn"
                onClick={() => onChosen(seedFromSample(sample))}
                disabled={uploading}
              >
                Use the sample
              </button>
            </div>
          ))}
      </div>
    </div>
  );
}

export function FileSummary({ file }: { file: WizardSeed }) {
  return (
    <span className="file-summary">
      <Icon name="file" size={15} />
      <span className="file-summary-name">{file.name}</span>
      {file.title && <span className="muted">· {file.title}</span>}
      {file.size !== undefined && <span className="muted num">· {formatBytes(file.size)}</span>}
    </span>
  );
}
