import type { Migration } from './migration';

/**
 * The customer table. Fixed roles (id, churned flag, tenure, start and end dates) are real columns;
 * the file's other columns are attributes, kept in customer_attributes, which each customer import
 * recreates with one typed column per attribute (a1, a2, … — names we generate, never user text).
 * customer_columns says what each column was called in the file, its type and its role.
 * Attributes join on the integer row (the rowid) rather than the text id: half the insert cost, since
 * neither table then needs a second index for the join.
 */
export const migration002: Migration = {
  version: 2,
  name: 'customer table',
  up: (db) => {
    db.exec(`
      CREATE TABLE customers (
        row         INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL UNIQUE,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        source_line INTEGER NOT NULL,
        churned     INTEGER CHECK (churned IN (0, 1)),
        start_date  TEXT,
        end_date    TEXT,
        tenure      REAL
      ) STRICT;

      CREATE TABLE customer_columns (
        position    INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        role        TEXT NOT NULL,
        unit        TEXT,
        values_json TEXT
      ) STRICT;

      CREATE TABLE customer_attributes (
        row INTEGER PRIMARY KEY REFERENCES customers(row) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
