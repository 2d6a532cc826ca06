import { z } from 'zod';

// zod 4 compiles object parsers with `new Function` when it can, probing for that while building each
// object schema. Our CSP forbids eval, so the probe alone would log a violation. This module must run
// before any schema is built: main.tsx imports it first. Parsing the few small envelopes the renderer
// checks does not need the speed.
z.config({ jitless: true });
