import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinDefinitions } from '../schema/definitions.js';
import { toTypeScript } from '../schema/to-typescript.js';

describe('types.generated.ts', () => {
  it('is what the schemas generate (else: npm run build && node scripts/gen-types.mjs)', () => {
    const file = readFileSync(new URL('./types.generated.ts', import.meta.url), 'utf8');
    expect(file === toTypeScript(builtinDefinitions)).toBe(true);
  });
});
