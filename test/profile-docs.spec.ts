import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileSettingsSchema, setupAssistantKeys } from '@depledger/core';

/** docs/profiles.md lists every field of a profile and every key of the Setup Assistant catalogue. */
describe('docs/profiles.md', () => {
  const page = readFileSync(join(__dirname, '..', 'docs', 'profiles.md'), 'utf8');

  it('names every field of ProfileSettings', () => {
    const fields = Object.keys(profileSettingsSchema.shape);
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.filter((field) => !new RegExp(`^\\| \`${field}\` +\\|`, 'm').test(page))).toEqual([]);
  });

  it('lists every key of the Setup Assistant catalogue with both descriptions', () => {
    const row = (key: string) => new RegExp(`^\\| \`${key}\` +\\|`, 'm');
    const missing = setupAssistantKeys.filter((k) => !row(k.key).test(page) || !page.includes(k.fr) || !page.includes(k.en));
    expect(missing.map((k) => k.key)).toEqual([]);
  });
});
