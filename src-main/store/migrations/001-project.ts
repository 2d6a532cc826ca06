import type { Migration } from './migration';

/** A project file: what it is called and every import made into it. */
export const migration001: Migration = {
  version: 1,
  name: 'project file and import log',
  up: (db) => {
    db.exec(`
      CREATE TABLE project_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE imports (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL,
        file_name     TEXT NOT NULL,
        file_path     TEXT NOT NULL,
        file_size     INTEGER NOT NULL,
        file_sha256   TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        finished_at   TEXT NOT NULL,
        rows_read     INTEGER NOT NULL,
        rows_imported INTEGER NOT NULL,
        rows_rejected INTEGER NOT NULL,
        options_json  TEXT NOT NULL,
        mapping_json  TEXT NOT NULL
      ) STRICT;
    `);
  },
};
