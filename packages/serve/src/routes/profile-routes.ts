import { currentUuid, minimumOsSchema, profileSettingsSchema, profileStream, type Depledger, type ProfileState } from '@depledger/core';
import { z } from 'zod';
import { apiErrorSchema, RequestError } from '../http/api-error';
import { defineRoute, type AnyRoute } from '../http/route';
import { profileIdParam } from '../schemas/ids';
import { eventsRecordedSchema, profileSchema } from '../schemas/views';
import { recorded, type ServeServices } from '../serve-services';

const error = (description: string) => ({ description, schema: apiErrorSchema });
const settings = profileSettingsSchema.meta({
  id: 'ProfileSettings',
  description: "An enrollment profile, checked against Apple's limits.",
});

const publishedSchema = z
  .object({
    profileId: z.string(),
    version: z.number(),
    profileUuid: z.string(),
    reassigned: z.number().describe('Devices re-assigned from an older version.'),
  })
  .meta({ id: 'PublishedProfile' });

const profileView = (state: Exclude<ProfileState, { status: 'none' }>, isDefault: boolean) => ({
  profileId: state.profileId,
  tokenId: state.tokenId,
  status: state.status,
  version: state.version,
  profileUuid: currentUuid(state),
  isDefault,
  settings: state.settings,
  minimumOs: state.minimumOs,
});

const defaultOf = async (depledger: Depledger, tokenId: string): Promise<string | null> => {
  const token = await depledger.tokens.state(tokenId);
  return token.status === 'active' ? token.defaultProfileId : null;
};

/** Step 5: the corporate enrollment profile. */
export const profileRoutes = (services: ServeServices): AnyRoute[] => {
  const { depledger } = services;
  const prefix = profileStream('');
  return [
    defineRoute({
      method: 'POST',
      path: '/profiles',
      operationId: 'defineProfile',
      summary: 'Define an enrollment profile (version 1, not yet at Apple)',
      tag: 'profiles',
      scope: 'write',
      body: z.strictObject({ profileId: z.string().min(1).max(64), tokenId: z.string().min(1).max(128), settings }),
      responses: {
        201: { description: 'Defined.', schema: eventsRecordedSchema },
        400: error("Settings outside Apple's limits."),
        409: error('The profile exists.'),
      },
      handle: async ({ body, caller }) => ({
        status: 201,
        body: recorded(await depledger.profiles.define(body.profileId, body.tokenId, body.settings, { actor: caller.actor })),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/profiles/{profileId}/revisions',
      operationId: 'reviseProfile',
      summary: 'A new version of a profile (publish it to get a new UUID at Apple)',
      tag: 'profiles',
      scope: 'write',
      params: profileIdParam,
      body: z.strictObject({ settings }),
      responses: {
        201: { description: 'Revised.', schema: eventsRecordedSchema },
        404: error('No such profile.'),
        409: error('The profile is retired.'),
      },
      handle: async ({ params, body, caller }) => ({
        status: 201,
        body: recorded(await depledger.profiles.revise(params.profileId, body.settings, { actor: caller.actor })),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/profiles/{profileId}/publish',
      operationId: 'publishProfile',
      summary: 'Define the current version at Apple and record its UUID',
      tag: 'profiles',
      scope: 'write',
      params: profileIdParam,
      responses: {
        200: { description: 'Published.', schema: publishedSchema },
        404: error('No such profile.'),
        502: error('Apple failed.'),
      },
      handle: async ({ params, caller }) => ({
        status: 200,
        body: await depledger.profiles.publish(params.profileId, { actor: caller.actor }),
      }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/profiles/{profileId}/minimum-os',
      operationId: 'setProfileMinimumOs',
      summary: "Set or remove the profile's minimum OS at enrollment",
      description:
        'The lowest OS, per platform, a device routed to the profile may enroll with (the enrollment helper answers "software update required" below it, unless the routing rule the device matches sets its own for that platform). depledger\'s policy, never sent to Apple; it replaces the previous minimum, and `null` removes it.',
      tag: 'profiles',
      scope: 'write',
      params: profileIdParam,
      body: z.strictObject({ minimumOs: minimumOsSchema.nullable() }),
      responses: {
        200: { description: 'Set, removed, or unchanged (no event).', schema: eventsRecordedSchema },
        400: error('A version, build or platform that is not one.'),
        404: error('No such profile.'),
        409: error('The profile is retired.'),
      },
      handle: async ({ params, body, caller }) => ({
        status: 200,
        body: recorded(await depledger.profiles.setMinimumOs(params.profileId, body.minimumOs, { actor: caller.actor })),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/profiles',
      operationId: 'listProfiles',
      summary: 'The enrollment profiles, optionally of one token',
      tag: 'profiles',
      scope: 'read',
      query: z.strictObject({ tokenId: z.string().min(1).max(128).optional() }),
      responses: { 200: { description: 'The profiles, by id.', schema: z.object({ profiles: z.array(profileSchema) }) } },
      handle: async ({ query }) => {
        const ids = new Set<string>();
        for await (const stored of services.events.readAll({ streamPrefixes: [prefix] })) ids.add(stored.streamName.slice(prefix.length));
        const profiles = [];
        for (const id of [...ids].sort()) {
          const state = await depledger.profiles.state(id);
          if (state.status === 'none' || (query.tokenId !== undefined && state.tokenId !== query.tokenId)) continue;
          profiles.push(profileView(state, (await defaultOf(depledger, state.tokenId)) === id));
        }
        return { status: 200, body: { profiles } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/profiles/{profileId}',
      operationId: 'getProfile',
      summary: 'One profile',
      tag: 'profiles',
      scope: 'read',
      params: profileIdParam,
      responses: { 200: { description: 'The profile.', schema: profileSchema }, 404: error('No such profile.') },
      handle: async ({ params }) => {
        const state = await depledger.profiles.state(params.profileId);
        if (state.status === 'none')
          throw new RequestError('PROFILE_NOT_FOUND', `There is no profile ${params.profileId}.`, { profileId: params.profileId });
        return { status: 200, body: profileView(state, (await defaultOf(depledger, state.tokenId)) === params.profileId) };
      },
    }),
  ];
};
