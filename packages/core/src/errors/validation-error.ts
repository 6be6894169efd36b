import { DepledgerError } from './depledger-error';
import type { ErrorCode } from './error-catalogue';

export type FieldIssue = { path: string; message: string };

/** Bad input from outside (a command, a file, a flag): names the field and what to do. Nothing was written. */
export class ValidationError extends DepledgerError {
  readonly issues: readonly FieldIssue[];

  constructor(what: string, issues: FieldIssue[], code: ErrorCode = 'INVALID_INPUT') {
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super(code, `Invalid ${what}: ${summary}. Nothing was recorded; correct the input and try again.`, { what, issues });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}
