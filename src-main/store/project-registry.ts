import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { openProjectFile, type Db } from './database';
import { readProjectMeta, writeProjectMeta } from './project-meta';

export const projectExtension = '.tenure';

/** A project path as the services use it: absolute, with the .tenure extension when none was given. */
export function normaliseProjectPath(path: string): string {
  const absolute = resolve(path);
  return extname(absolute) === '' ? `${absolute}${projectExtension}` : absolute;
}

/**
 * The main thread's connections to project files. Opening here is where a file is checked and its
 * schema upgraded; workers then open the same file for their reads and writes (WAL lets them share it).
 */
export class ProjectRegistry {
  private readonly open = new Map<string, Db>();

  create(path: string, name?: string): Db {
    const file = normaliseProjectPath(path);
    mkdirSync(dirname(file), { recursive: true });
    const db = openProjectFile(file, { create: true });
    writeProjectMeta(db, {
      name: name ?? basename(file, extname(file)),
      createdAt: new Date().toISOString(),
    });
    this.open.set(file, db);
    return db;
  }

  /** The open connection to a project, opening (and upgrading) it first if needed. */
  get(path: string): Db {
    const file = normaliseProjectPath(path);
    const existing = this.open.get(file);
    if (existing?.open) return existing;
    const db = openProjectFile(file, { migrate: true });
    this.open.set(file, db);
    return db;
  }

  /** Makes sure a project is open and upgraded (before a worker opens it too); returns its normalised path. */
  ensure(path: string): string {
    const file = normaliseProjectPath(path);
    this.get(file);
    return file;
  }

  name(path: string): string {
    return readProjectMeta(this.get(path)).name;
  }

  closeAll(): void {
    for (const db of this.open.values()) if (db.open) db.close();
    this.open.clear();
  }
}
