import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Why an upload failed, mapped to an HTTP status by the bridge. */
export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413 | 500,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Makes a user's file name safe to use as the last part of a path: only the part after the last slash or
 * backslash, no control characters or characters Windows forbids, no leading dots (no hidden files, no
 * "..") and a bounded length that keeps the extension (the importer shows the name and uses the extension).
 */
export function sanitiseFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  let name = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name.length > 200) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, 200 - extension.length) + extension;
  }
  return name === '' ? 'upload' : name;
}

export function decodeFileNameHeader(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') {
    throw new UploadError(400, 'The upload has no file name header.');
  }
  try {
    return sanitiseFileName(decodeURIComponent(header));
  } catch {
    throw new UploadError(400, 'The upload file name is not valid URI encoding.');
  }
}

/**
 * Streams a request body to stagingDir/<random>/<name>, never holding it in memory, and stops at maxBytes.
 * The random folder keeps two uploads of the same name apart and makes the path unguessable. A partial
 * file (too large, or the page went away mid-upload) is removed.
 */
export async function receiveUpload(
  req: IncomingMessage,
  stagingDir: string,
  fileName: string,
  maxBytes: number,
): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new UploadError(413, `The file is larger than the ${formatBytes(maxBytes)} an upload may be.`);
  }
  const folder = join(stagingDir, randomBytes(12).toString('hex'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, fileName);
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) {
        callback(
          new UploadError(413, `The file is larger than the ${formatBytes(maxBytes)} an upload may be.`),
        );
      } else {
        callback(null, chunk);
      }
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    return path;
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    if (error instanceof UploadError) throw error;
    throw new UploadError(500, 'The upload did not complete.');
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${Math.round((bytes / 2 ** 30) * 10) / 10} GB`;
  if (bytes >= 2 ** 20) return `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;
  return `${bytes} bytes`;
}
