import type { Database } from 'better-sqlite3';

/** One numbered schema step. Never edit a migration after it has landed: add the next one. */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}
