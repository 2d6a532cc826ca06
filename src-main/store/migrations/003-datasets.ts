import type { Migration } from './migration';

/**
 * Every kind of churn data, and imports that can be appended and undone.
 *
 * Each kind has the same three tables as the customer table of migration 2: the rows with their fixed
 * roles as real columns (plus the import and source line they came from), `<one>_attributes` with one
 * typed column per unmapped file column (a1, a2… — generated names, never user text), recreated by a
 * replacing import, and `<one>_columns` saying what each column was called in the file, its type and role.
 *
 * imports gains: mode (replace/append); state (active, undone, or replaced by a later import);
 * replaced_by; undo_archive = 1 when the rows it replaced were kept (tables renamed to undo<id>_<table>)
 * so that undoing it can bring them back; shape = a hash of the file's column names, to offer the same
 * settings again for next month's export.
 *
 * This DDL is frozen: store/dataset-schema.ts holds the current DDL used at run time, and a test checks
 * the two agree.
 */
export const migration003: Migration = {
  version: 3,
  name: 'datasets of every kind; append, replace and undo',
  up: (db) => {
    db.exec(`
      ALTER TABLE imports ADD COLUMN mode TEXT NOT NULL DEFAULT 'replace';
      ALTER TABLE imports ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
      ALTER TABLE imports ADD COLUMN replaced_by INTEGER;
      ALTER TABLE imports ADD COLUMN undone_at TEXT;
      ALTER TABLE imports ADD COLUMN undo_archive INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE imports ADD COLUMN shape TEXT;

      -- Customer imports before this version replaced each other without keeping the old rows.
      UPDATE imports SET state = 'replaced',
        replaced_by = (SELECT MIN(later.id) FROM imports later WHERE later.kind = imports.kind AND later.id > imports.id)
      WHERE id < (SELECT MAX(latest.id) FROM imports latest WHERE latest.kind = imports.kind);

      CREATE TABLE subscriptions (
        row         INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        source_line INTEGER NOT NULL,
        plan        TEXT,
        start_date  TEXT NOT NULL,
        end_date    TEXT,
        mrr         REAL,
        currency    TEXT
      ) STRICT;
      CREATE TABLE subscription_attributes (
        row INTEGER PRIMARY KEY REFERENCES subscriptions(row) ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE subscription_columns (
        position    INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        role        TEXT NOT NULL,
        unit        TEXT,
        values_json TEXT
      ) STRICT;

      CREATE TABLE transactions (
        row         INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        source_line INTEGER NOT NULL,
        date        TEXT NOT NULL,
        amount      REAL NOT NULL,
        quantity    REAL,
        product     TEXT
      ) STRICT;
      CREATE TABLE transaction_attributes (
        row INTEGER PRIMARY KEY REFERENCES transactions(row) ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE transaction_columns (
        position    INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        role        TEXT NOT NULL,
        unit        TEXT,
        values_json TEXT
      ) STRICT;

      CREATE TABLE events (
        row         INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        source_line INTEGER NOT NULL,
        time        TEXT NOT NULL,
        type        TEXT NOT NULL,
        value       REAL
      ) STRICT;
      CREATE TABLE event_attributes (
        row INTEGER PRIMARY KEY REFERENCES events(row) ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE event_columns (
        position    INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        role        TEXT NOT NULL,
        unit        TEXT,
        values_json TEXT
      ) STRICT;

      CREATE TABLE feedback (
        row         INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        source_line INTEGER NOT NULL,
        date        TEXT NOT NULL,
        score       REAL,
        comment     TEXT,
        reason      TEXT
      ) STRICT;
      CREATE TABLE feedback_attributes (
        row INTEGER PRIMARY KEY REFERENCES feedback(row) ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE feedback_columns (
        position    INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        role        TEXT NOT NULL,
        unit        TEXT,
        values_json TEXT
      ) STRICT;

      CREATE INDEX subscriptions_by_customer ON subscriptions(customer_id, start_date);
      CREATE INDEX transactions_by_customer ON transactions(customer_id, date);
      CREATE INDEX events_by_customer ON events(customer_id, time);
      CREATE INDEX feedback_by_customer ON feedback(customer_id, date);
    `);
  },
};
