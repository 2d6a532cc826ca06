import type { z } from 'zod';
import type { Db } from './database';

export interface ProjectMeta {
  name: string;
  createdAt: string;
}

/** Sets one project_meta entry (inserted or replaced). */
export function putMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** A JSON project_meta entry read through its schema; null when absent or unreadable (e.g. an older shape). */
export function readMetaJson<T>(db: Db, key: string, schema: z.ZodType<T>): T | null {
  const raw = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(key) as
    string | undefined;
  if (raw === undefined) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeProjectMeta(db: Db, meta: ProjectMeta): void {
  db.transaction(() => {
    putMeta(db, 'name', meta.name);
    putMeta(db, 'created_at', meta.createdAt);
  })();
}

export function readProjectMeta(db: Db): ProjectMeta {
  const rows = db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[];
  const values = new Map(rows.map((row) => [row.key, row.value]));
  return { name: values.get('name') ?? 'Untitled project', createdAt: values.get('created_at') ?? '' };
}
