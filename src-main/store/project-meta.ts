import type { Db } from './database';

export interface ProjectMeta {
  name: string;
  createdAt: string;
}

export function writeProjectMeta(db: Db, meta: ProjectMeta): void {
  const put = db.prepare(
    'INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    put.run('name', meta.name);
    put.run('created_at', meta.createdAt);
  })();
}

export function readProjectMeta(db: Db): ProjectMeta {
  const rows = db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[];
  const values = new Map(rows.map((row) => [row.key, row.value]));
  return { name: values.get('name') ?? 'Untitled project', createdAt: values.get('created_at') ?? '' };
}
