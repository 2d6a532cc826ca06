import type { Db } from '../../src-main/store/database';

/**
 * Every table's rows and the schema text of every table and index: equal snapshots mean the project is
 * exactly as it was. Rows are read in storage order (rowid), or by primary key for a WITHOUT ROWID table
 * (the risk scores), so the comparison never depends on a query plan. `except` leaves tables out (undo
 * rightly keeps its record in the import log); quotes around plain names in CREATE text are dropped,
 * since a renamed table's text reads `CREATE TABLE "transactions"` for the same table.
 */
export function snapshotProject(db: Db, except: readonly string[] = []): string {
  const schema = (
    db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all() as {
      type: string;
      name: string;
      sql: string | null;
    }[]
  )
    .filter((entry) => !except.includes(entry.name))
    .map((entry) => ({ ...entry, sql: entry.sql?.replace(/"(\w+)"/g, '$1') ?? null }));
  const contents = schema
    .filter((entry) => entry.type === 'table')
    .map((entry) => {
      const withoutRowid = /WITHOUT ROWID\s*$/i.test(entry.sql ?? '');
      const order = withoutRowid ? 'ORDER BY 1, 2' : 'ORDER BY rowid';
      return [entry.name, db.prepare(`SELECT * FROM "${entry.name}" ${order}`).all()];
    });
  return JSON.stringify({ schema, contents }, null, 1);
}
