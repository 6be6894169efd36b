export { DepledgerError, isDepledgerError } from './depledger-error';
export { ValidationError, type FieldIssue } from './validation-error';
export { ConcurrencyError } from './concurrency-error';
export { RuleViolation } from './rule-violation';
