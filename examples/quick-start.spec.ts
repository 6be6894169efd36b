import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The README's first command ends in this example: it must keep running and telling the story.
describe('examples/quick-start.mjs', () => {
  it('walks through the Intune steps and ends with one device Inscrit and one Non contacté', () => {
    const out = execFileSync(process.execPath, [join(__dirname, 'quick-start.mjs')], { encoding: 'utf8' });
    expect(out).toMatch(/F17QX1ABCD01 +iPhone 15 +Inscrit/);
    expect(out).toMatch(/F17QX1ABCD02 +iPhone 15 +Non contacté/);
    expect(out).toContain('SyncRunRefused (run_in_progress)');
    expect(out).not.toContain('@contoso.example');
  });
});
