#!/usr/bin/env node
// Writes src/api/kinds/types.generated.ts, the TypeScript interfaces of the schema definitions,
// from the compiled schemas: `npm run build && node scripts/gen-types.mjs`.
import { writeFileSync } from 'node:fs';

const { builtinDefinitions } = await import('../dist/api/schema/definitions.js');
const { toTypeScript } = await import('../dist/api/schema/to-typescript.js');
writeFileSync(new URL('../src/api/kinds/types.generated.ts', import.meta.url), toTypeScript(builtinDefinitions));
