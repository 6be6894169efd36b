import { currentUuid, type MinimumOs, type ProfileState } from '@depledger/core';

/** A profile as `profile list` and `--json` show it. */
export type ProfileRow = Readonly<{
  profileId: string;
  tokenId: string;
  status: 'draft' | 'published' | 'retired';
  version: number;
  profileUuid: string | null;
  name: string;
  userAffinity: boolean;
  skipSetupItems: readonly string[];
  isDefault: boolean;
  /** The lowest OS, per platform, a device routed to the profile may enroll with (depledger's policy, never sent to Apple), or null. */
  minimumOs: MinimumOs | null;
  /** What depledger noticed about the current version's skip keys (unknown or retired). */
  warnings: readonly string[];
}>;

export const profileRow = (state: Exclude<ProfileState, { status: 'none' }>, isDefault: boolean): ProfileRow => ({
  profileId: state.profileId,
  tokenId: state.tokenId,
  status: state.status,
  version: state.version,
  profileUuid: currentUuid(state),
  name: state.settings.name,
  userAffinity: state.settings.userAffinity,
  skipSetupItems: state.settings.skipSetupItems,
  isDefault,
  minimumOs: state.minimumOs,
  warnings: state.warnings.map((w) => w.message),
});
