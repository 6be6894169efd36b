import { DepledgerError } from './depledger-error';
import type { ErrorCode } from './error-catalogue';

/**
 * A command that the domain refuses: the rule, why, and what to do. Nothing was recorded unless the
 * decider chose to record the refusal itself as an event (the sync rules do).
 */
export class RuleViolation extends DepledgerError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'RuleViolation';
  }
}
