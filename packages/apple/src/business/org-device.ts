import type { z } from 'zod';
import type { appleCareCoverageResource, mdmServerResource, orgDeviceResource } from './json-api-documents';

/** A device of the organisation, as the Business API shows it (Apple's names; absent values are null). */
export type OrgDevice = Readonly<{
  /** Apple's resource id (the serial number in Apple's examples). */
  id: string;
  serialNumber: string;
  model: string | null;
  productFamily: string | null;
  productType: string | null;
  partNumber: string | null;
  orderNumber: string | null;
  orderDateTime: string | null;
  color: string | null;
  /** `ASSIGNED` or `UNASSIGNED` to an MDM server. */
  status: string | null;
  purchaseSourceType: string | null;
  addedToOrgDateTime: string | null;
  updatedDateTime: string | null;
  releasedFromOrgDateTime: string | null;
  /** Whether the device can migrate to another MDM server with a deadline; null when Apple does not say (an API before migrations). */
  isMdmMigrationCapable: boolean | null;
  /** REQUESTED, STARTED, SUCCESS or FAILED once a migration was asked for; null otherwise. */
  mdmMigrationStatus: string | null;
  mdmMigrationDeadlineDateTime: string | null;
}>;

/** An MDM server ("device management service") of the organisation. */
export type OrgMdmServer = Readonly<{
  id: string;
  name: string | null;
  serverType: string | null;
  createdDateTime: string | null;
  updatedDateTime: string | null;
}>;

/** One AppleCare coverage of a device (the limited warranty is one). */
export type AppleCareCoverage = Readonly<{
  id: string;
  description: string | null;
  status: string | null;
  paymentType: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  isRenewable: boolean | null;
  isCanceled: boolean | null;
  agreementNumber: string | null;
  contractCancelDateTime: string | null;
}>;

export const toOrgDevice = (resource: z.infer<typeof orgDeviceResource>): OrgDevice => {
  const a = resource.attributes ?? {};
  return {
    id: resource.id,
    serialNumber: a.serialNumber ?? resource.id,
    model: a.deviceModel ?? null,
    productFamily: a.productFamily ?? null,
    productType: a.productType ?? null,
    partNumber: a.partNumber ?? null,
    orderNumber: a.orderNumber ?? null,
    orderDateTime: a.orderDateTime ?? null,
    color: a.color ?? null,
    status: a.status ?? null,
    purchaseSourceType: a.purchaseSourceType ?? null,
    addedToOrgDateTime: a.addedToOrgDateTime ?? null,
    updatedDateTime: a.updatedDateTime ?? null,
    releasedFromOrgDateTime: a.releasedFromOrgDateTime ?? null,
    isMdmMigrationCapable: a.isMdmMigrationCapable ?? null,
    mdmMigrationStatus: a.mdmMigrationStatus ?? null,
    mdmMigrationDeadlineDateTime: a.mdmMigrationDeadlineDateTime ?? null,
  };
};

export const toMdmServer = (resource: z.infer<typeof mdmServerResource>): OrgMdmServer => ({
  id: resource.id,
  name: resource.attributes?.serverName ?? null,
  serverType: resource.attributes?.serverType ?? null,
  createdDateTime: resource.attributes?.createdDateTime ?? null,
  updatedDateTime: resource.attributes?.updatedDateTime ?? null,
});

export const toAppleCareCoverage = (resource: z.infer<typeof appleCareCoverageResource>): AppleCareCoverage => {
  const a = resource.attributes ?? {};
  return {
    id: resource.id,
    description: a.description ?? null,
    status: a.status ?? null,
    paymentType: a.paymentType ?? null,
    startDateTime: a.startDateTime ?? null,
    endDateTime: a.endDateTime ?? null,
    isRenewable: a.isRenewable ?? null,
    isCanceled: a.isCanceled ?? null,
    agreementNumber: a.agreementNumber ?? null,
    contractCancelDateTime: a.contractCancelDateTime ?? null,
  };
};
