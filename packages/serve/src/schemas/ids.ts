import { z } from 'zod';

// Path parameters are checked loosely here; core parses each id strictly and answers INVALID_INPUT.
export const tokenIdParam = z.strictObject({
  tokenId: z.string().min(1).max(128).describe('The DEP server token id chosen at key generation (`paris`).'),
});
export const profileIdParam = z.strictObject({ profileId: z.string().min(1).max(128) });
export const serialParam = z.strictObject({ serial: z.string().min(1).max(64).describe("The device's serial number.") });
export const runParams = z.strictObject({ tokenId: tokenIdParam.shape.tokenId, runId: z.string().min(1).max(128) });

export const langQuery = z.enum(['fr', 'en']).default('en').describe('Language of status labels.');
export const isoDate = z.iso.datetime({ offset: true });
