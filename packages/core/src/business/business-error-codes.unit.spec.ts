import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { businessServiceErrorCodes } from './business-error-codes';

describe('business service error codes', () => {
  it('lists exactly the codes the service and the assignment decider refuse with', () => {
    const source = [
      'business-service.ts',
      'device-assignment-decider.ts',
      'device-removal-decider.ts',
      'device-removals.ts',
      'device-selection.ts',
      'migration-change-decider.ts',
      'migration-changes.ts',
      'migration-deadline.ts',
    ]
      .map((file) => readFileSync(join(__dirname, file), 'utf8'))
      .join('\n');
    const thrown = new Set(
      [...source.matchAll(/new (?:RuleViolation|ValidationError)\([^;]*?'(BUSINESS_[A-Z_]+)'/gs)].map((match) => match[1]),
    );
    expect([...thrown].sort()).toEqual(Object.keys(businessServiceErrorCodes).sort());
  });
});
