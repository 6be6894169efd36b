import { createHash } from 'node:crypto';
import { latestSchemaVersion, schemaSteps } from './schema-steps';

// A released step is never edited: a database migrated by it keeps what it made, and a fresh one
// must get the same. The steps share pieces of SQL (append-sql.ts), so a change to a piece could
// change a released step without touching its entry: each step's text is held here by its SHA-256.
const releasedSteps: Record<number, string> = {
  1: 'c776e6303cb9c1f6f1ebc1f6279f1d985a3713e72f2605f1690058eaf4a8e69a',
  2: 'a8b93d403f0b8c5c126ecbc6f6c48c889a9beba4f842a1b3d7e0d66d0f8f4fbc',
  3: '6db338ed346647ac6a03152ee0f65c188818545a48df725883c6a04271fb317f',
  4: 'd68bf4c72276cf9a017d5db332b50816591557c65619b6e3057c0f2d7e4f1365',
  5: '101188c9bda60da6ebdf0bcd946077c56905375add102dd552c4db4daeb5d7fc',
  6: '236725559c0b3aacd8e5639a55792840b546715948acfc8e1ee7b4db48753759',
  7: '1b7c55e1d82fcdd8425dc1177fbfffa693acdb8a3e5bf2c93e982c3bca6940b8',
};

describe('PostgreSQL schema steps', () => {
  it('keep the SQL of every released step exactly as it was released', () => {
    const fingerprints = Object.fromEntries(
      schemaSteps.map((step) => [step.version, createHash('sha256').update(step.sql('"depledger"')).digest('hex')]),
    );
    expect(fingerprints).toEqual(releasedSteps);
  });

  it('number the steps 1, 2, 3… with no gap, the last one the latest version', () => {
    expect(schemaSteps.map((step) => step.version)).toEqual(Array.from({ length: schemaSteps.length }, (_, i) => i + 1));
    expect(latestSchemaVersion).toBe(schemaSteps.length);
  });
});
