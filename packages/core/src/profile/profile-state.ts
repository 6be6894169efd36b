import type { ProfileSettings } from './profile-settings';
import type { MinimumOs } from './routing/routing-rules';
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
  /**
   * The lowest OS, per platform, a device routed to the profile may enroll with (depledger's policy
   * for the enrollment helper, never sent to Apple), or null. It belongs to the profile, not to a
   * version: it holds for whichever version is published.
   */
  minimumOs: MinimumOs | null;
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
