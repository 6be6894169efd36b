export { DepledgerError, isDepledgerError } from './depledger-error';
export { ValidationError, type FieldIssue } from './validation-error';
export { ConcurrencyError } from './concurrency-error';
export { RuleViolation } from './rule-violation';
export {
  describeErrorCode,
  errorCatalogue,
  errorCodes,
  isErrorCode,
  type DepledgerPackage,
  type ErrorCode,
  type ErrorCodeEntry,
  type ErrorExitCode,
} from './error-catalogue';
export { describeFailure, type FailureReport } from './failure-report';
export { profileRefusalCodes, tokenRefusalCodes, type TokenRefusalReason } from './refusal-codes';
