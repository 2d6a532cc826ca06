import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '@shared/contract/project';

const Stored = z.array(z.object({ path: z.string(), name: z.string(), lastOpenedAt: z.string() }));
type Stored = z.infer<typeof Stored>;

const maxRecent = 20;

/**
 * The recent-projects list, a small JSON file in the per-user settings folder, shared by the app,
 * browser mode and the CLI. Written atomically (temp file + rename) so a crash never leaves half a file.
 */
export class RecentProjects {
  constructor(private readonly file: string) {}

  list(): RecentProject[] {
    return this.read().map((entry) => ({ ...entry, exists: existsSync(entry.path) }));
  }

  touch(path: string, name: string): void {
    const others = this.read().filter((entry) => entry.path !== path);
    this.write([{ path, name, lastOpenedAt: new Date().toISOString() }, ...others].slice(0, maxRecent));
  }

  forget(path: string): RecentProject[] {
    this.write(this.read().filter((entry) => entry.path !== path));
    return this.list();
  }

  private read(): Stored {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = Stored.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A damaged settings file must not stop the app; it is replaced on the next write.
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  private write(entries: Stored): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(entries, null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}
