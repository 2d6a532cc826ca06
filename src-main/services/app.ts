import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Sample } from '@shared/contract/app';
import type { AppEnvironment } from '../app/environment';
import type { Handlers } from './types';

const SampleManifest = z.array(Sample.omit({ path: true }).extend({ file: z.string() }));

export function appHandlers(env: AppEnvironment): Handlers['app'] {
  return {
    info: async () => ({
      name: 'Tenure',
      version: env.version,
      mode: env.mode,
      projectsDir: env.projectsDir,
    }),
    samples: async () => {
      const dir = join(env.resourcesDir, 'samples');
      const manifest = SampleManifest.parse(JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')));
      return { samples: manifest.map(({ file, ...sample }) => ({ ...sample, path: join(dir, file) })) };
    },
  };
}
