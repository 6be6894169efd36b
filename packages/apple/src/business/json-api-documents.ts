import { z } from 'zod';

// Apple's JSON:API documents, read tolerantly: unknown fields are dropped, optional ones may be
// absent or null, and Apple may add attributes without a new API version.

const text = z.string().nullish();
const textOrList = z.union([z.string(), z.array(z.string())]).nullish();

export const orgDeviceResource = z.object({
  id: z.string(),
  type: z.string(),
  attributes: z
    .object({
      serialNumber: text,
      addedToOrgDateTime: text,
      releasedFromOrgDateTime: text,
      updatedDateTime: text,
      deviceModel: text,
      productFamily: text,
      productType: text,
      deviceCapacity: text,
      partNumber: text,
      orderNumber: text,
      orderDateTime: text,
      color: text,
      status: text,
      purchaseSourceType: text,
      purchaseSourceId: text,
      imei: textOrList,
      meid: textOrList,
      isMdmMigrationCapable: z.boolean().nullish(),
      mdmMigrationStatus: text,
      mdmMigrationDeadlineDateTime: text,
    })
    .nullish(),
});

export const mdmServerResource = z.object({
  id: z.string(),
  type: z.string(),
  attributes: z.object({ serverName: text, serverType: text, createdDateTime: text, updatedDateTime: text }).nullish(),
});

export const appleCareCoverageResource = z.object({
  id: z.string(),
  type: z.string(),
  attributes: z
    .object({
      description: text,
      status: text,
      paymentType: text,
      startDateTime: text,
      endDateTime: text,
      isRenewable: z.boolean().nullish(),
      isCanceled: z.boolean().nullish(),
      agreementNumber: text,
      contractCancelDateTime: text,
    })
    .nullish(),
});

export const activityResource = z.object({
  id: z.string(),
  type: z.string(),
  attributes: z.object({ status: z.string(), subStatus: text, createdDateTime: text, completedDateTime: text, downloadUrl: text }),
});

export const resourceIdentifier = z.object({ id: z.string(), type: z.string() });

const paging = z
  .object({ paging: z.object({ nextCursor: z.string().nullish(), total: z.number().nullish(), limit: z.number().nullish() }).nullish() })
  .nullish();

/** A list document: `data`, and `meta.paging.nextCursor` while there is more. */
export const listDocument = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), meta: paging });

/** A single-resource document. */
export const oneDocument = <T extends z.ZodType>(item: T) => z.object({ data: item });

/** `{ errors: [...] }`, as far as it can be read. */
export const errorDocument = z.object({
  errors: z.array(z.object({ status: text, code: text, title: text, detail: text, id: text })).min(1),
});
