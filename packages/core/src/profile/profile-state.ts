import type { ProfileSettings } from './profile-settings';
import type { SkipKeyWarning } from './setup-assistant-keys';

export type PublishedVersion = Readonly<{ version: number; profileUuid: string; publishedAt: string }>;

type Defined = Readonly<{
  profileId: string;
  tokenId: string;
  version: number;
  settings: ProfileSettings;
  /** What depledger noticed about the current version's settings (unknown or retired skip keys). */
  warnings: readonly SkipKeyWarning[];
  /** Every version published at Apple, by version number. */
  published: Readonly<Record<number, PublishedVersion>>;
}>;

export type ProfileState =
  | Readonly<{ status: 'none' }>
  /** The current version is not (yet) at Apple. */
  | (Defined & Readonly<{ status: 'draft' }>)
  /** The current version is at Apple under a UUID. */
  | (Defined & Readonly<{ status: 'published' }>)
  | (Defined & Readonly<{ status: 'retired' }>);

export const currentUuid = (state: ProfileState): string | null =>
  state.status === 'none' ? null : (state.published[state.version]?.profileUuid ?? null);
