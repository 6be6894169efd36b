import { businessEventDefinitions } from '../business/business-events';
import { deviceEventDefinitions } from '../device/device-events';
import { profileEventDefinitions } from '../profile/profile-events';
import { syncEventDefinitions } from '../sync/sync-events';
import { tokenEventDefinitions } from '../token/token-events';
import { tenantEventDefinitions } from '../tenancy/tenant-events';
import type { EventDefinition } from './event-catalogue';
import { EventSerde } from './event-serde';

/** Every event depledger stores, one catalogue (the docs' event catalogue is generated from it). */
export const eventCatalogue: readonly EventDefinition[] = [
  ...tokenEventDefinitions,
  ...profileEventDefinitions,
  ...deviceEventDefinitions,
  ...syncEventDefinitions,
  ...businessEventDefinitions,
  ...tenantEventDefinitions,
];

export const depledgerSerde = new EventSerde(eventCatalogue);
