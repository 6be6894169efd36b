import { currentUuid, type ProfileState } from '@depledger/core';

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
  warnings: state.warnings.map((w) => w.message),
});
