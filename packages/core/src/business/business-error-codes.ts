/**
 * The codes `depledger.business` refuses with, and what each means; the adapter's own codes
 * (`BUSINESS_AUTH_REFUSED`, `BUSINESS_KEY_INVALID`, …) are listed by @depledger/apple's
 * `businessErrorCodes`. Kept here, beside the service, for the error catalogue to take in.
 */
export const businessServiceErrorCodes = {
  BUSINESS_GATEWAY_MISSING: 'createDepledger was given no Business API gateway',
  BUSINESS_CREDENTIALS_INVALID: 'the client id, key id or private key cannot be an API account’s (nothing recorded)',
  BUSINESS_ACCOUNT_NOT_CONNECTED: 'no API account of that name is connected',
  BUSINESS_SELECTION_INVALID: 'not exactly one of serials, order number or CSV, or one that names no serial number',
  BUSINESS_ORDER_UNKNOWN: 'no device of the organisation belongs to the order',
  BUSINESS_SERIALS_UNKNOWN: 'serial numbers that are not in the organisation',
  BUSINESS_SERVER_UNKNOWN: 'Apple lists no such MDM server in the organisation',
  BUSINESS_ASSIGNMENT_EXISTS: 'an assignment with that id exists already',
  BUSINESS_ASSIGNMENT_NOT_FOUND: 'no assignment with that id',
  BUSINESS_RELEASE_NOT_CONFIRMED: 'a release from the organisation was asked for without the confirmation it needs (it cannot be undone)',
  BUSINESS_SERIALS_NOT_ON_SERVER: 'serial numbers to unassign that Apple does not have on that MDM server',
  BUSINESS_REMOVAL_EXISTS: 'a removal (unassign or release) with that id exists already',
  BUSINESS_REMOVAL_NOT_FOUND: 'no removal (unassign or release) with that id',
  BUSINESS_ACTIVITY_LOG_UNAVAILABLE: 'Apple offers no log for the activity yet (it has not completed)',
  BUSINESS_MIGRATION_DEADLINE_INVALID: 'a migration deadline that is not a date, is past (for a new migration) or more than 90 days ahead',
  BUSINESS_NO_MIGRATION: 'devices named for a new deadline or a cancellation have no migration under way at Apple',
  BUSINESS_MIGRATION_CHANGE_EXISTS: 'a migration change (new deadline or cancellation) with that id exists already',
  BUSINESS_MIGRATION_CHANGE_NOT_FOUND: 'no migration change with that id',
} as const;

export type BusinessServiceErrorCode = keyof typeof businessServiceErrorCodes;
