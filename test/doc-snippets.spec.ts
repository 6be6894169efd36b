import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Every ```ts sample in docs/ must type-check against the built packages, so the docs cannot drift from the API.
describe('docs code samples', () => {
  it('type-check against the built packages', () => {
    const result = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'check-doc-snippets.mjs')], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toMatch(/TypeScript samples in docs\/ type-check/);
    expect(result.status).toBe(0);
  });
});
