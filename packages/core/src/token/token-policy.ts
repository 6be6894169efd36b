/** Days before expiry at which the token warns (the largest first). */
export const tokenExpiryWarningDays = [30, 7, 1] as const;
