import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import { latestSchemaVersion, migrate } from './migrations';

export type Db = Database.Database;

/** SQLite's application_id for Tenure files: "TENU". Lets us tell our files from other SQLite files. */
export const applicationId = 0x54454e55;

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  /** Create a new file (fails if one exists) instead of opening an existing one. */
  create?: boolean;
  /** Upgrade an older schema. Only the process that owns the project (main) migrates; workers require the latest. */
  migrate?: boolean;
  /** Migrate only up to this version (tests of upgrades). */
  targetVersion?: number;
}

/**
 * Opens (or creates) a project file with the settings every connection needs: WAL so readers never
 * wait for an import, foreign keys on, a busy timeout so two connections of ours queue rather than fail.
 */
export function openProjectFile(path: string, options: OpenOptions = {}): Db {
  const name = basename(path);
  if (options.create) {
    if (existsSync(path)) throw new AppError('ALREADY_EXISTS', `${name} already exists.`, { file: path });
  } else {
    assertLooksLikeSqlite(path);
  }

  let db: Db;
  try {
    // Under Electron the app passes an Electron-ABI build of the native module (see app/electron-main.ts).
    const nativeBinding = process.env.TENURE_SQLITE_BINDING;
    db = new Database(path, { fileMustExist: !options.create, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    throw new AppError('FILE_UNREADABLE', `Cannot open ${name}: ${(error as Error).message}`, { file: path });
  }

  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = NORMAL');
    if (options.create) {
      db.pragma(`application_id = ${applicationId}`);
    } else {
      const id = db.pragma('application_id', { simple: true }) as number;
      if (id !== applicationId) {
        throw new AppError('NOT_A_PROJECT', `${name} is an SQLite database but not a Tenure project.`, {
          file: path,
        });
      }
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latestSchemaVersion) {
      throw new AppError(
        'PROJECT_TOO_NEW',
        `${name} was saved by a newer version of Tenure (schema ${version}; this one knows up to ${latestSchemaVersion}). Update Tenure to open it.`,
        { file: path },
      );
    }
    if (options.create || options.migrate) {
      migrate(db, options.targetVersion);
    } else if (version < latestSchemaVersion) {
      throw new AppError('INTERNAL', `${name} has not been upgraded yet (schema ${version}).`, {
        file: path,
      });
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function assertLooksLikeSqlite(path: string): void {
  const name = basename(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new AppError('NOT_FOUND', `${name} does not exist (${path}).`, { file: path });
    throw new AppError('FILE_UNREADABLE', `Cannot read ${name}: ${(error as Error).message}`, { file: path });
  }
  try {
    const head = Buffer.alloc(sqliteHeader.length);
    const read = readSync(fd, head, 0, head.length, 0);
    if (read < head.length || !head.equals(sqliteHeader)) {
      throw new AppError('NOT_A_PROJECT', `${name} is not a Tenure project (it is not an SQLite database).`, {
        file: path,
      });
    }
  } finally {
    closeSync(fd);
  }
}
