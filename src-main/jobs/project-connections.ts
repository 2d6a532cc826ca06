import { openProjectFile, type Db } from '../store/database';

/**
 * Open project connections of one thread, by path, least recently used closed first. Connections are
 * reused because opening a file and preparing statements costs more than most queries.
 */
export class ProjectConnections {
  private readonly open = new Map<string, Db>();

  constructor(private readonly capacity = 4) {}

  get(path: string): Db {
    const existing = this.open.get(path);
    if (existing) {
      this.open.delete(path);
      this.open.set(path, existing);
      return existing;
    }
    const db = openProjectFile(path);
    this.open.set(path, db);
    while (this.open.size > this.capacity) {
      const [oldest, oldestDb] = this.open.entries().next().value as [string, Db];
      this.open.delete(oldest);
      oldestDb.close();
    }
    return db;
  }

  /** Forgets a connection (after an error that may have left it unusable). */
  drop(path: string): void {
    const db = this.open.get(path);
    if (!db) return;
    this.open.delete(path);
    if (db.open) db.close();
  }

  closeAll(): void {
    for (const db of this.open.values()) if (db.open) db.close();
    this.open.clear();
  }
}
