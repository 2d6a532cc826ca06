import type { Migration } from './migration';

/**
 * The customer table. Fixed roles (id, churned flag, tenure, start and end dates) are real columns;
 * the file's other columns are attributes, kept in customer_attributes, which each customer import
 * recreates with one typed column per attribute (a1, a2, … — names we generate, never user text).
 * customer_columns says what each column was called in the file, its type and its role.
 */
export const migration002: Migration = {
  version: 2,
  name: 'customer table',
  up: (db) => {
    db.exec(`
      CREATE TABLE customers (
        customer_id TEXT PRIMARY KEY,
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
        customer_id TEXT PRIMARY KEY REFERENCES customers(customer_id) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
