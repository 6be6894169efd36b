import type { Command } from '../handling/decider';
import type { ProfileSettingsInput } from './profile-settings';
import type { MinimumOs } from './routing/routing-rules';

export type DefineProfile = Command<'DefineProfile', { profileId: string; tokenId: string; settings: ProfileSettingsInput }>;
export type ReviseProfile = Command<'ReviseProfile', { profileId: string; settings: ProfileSettingsInput }>;
export type PublishProfile = Command<'PublishProfile', { profileId: string; version: number; profileUuid: string }>;
export type RetireProfile = Command<'RetireProfile', { profileId: string; reason: string; isDefaultOfToken: boolean }>;

/** Sets (replaces) the profile's minimum OS, already parsed; `null` removes it. */
export type SetProfileMinimumOs = Command<'SetProfileMinimumOs', { profileId: string; minimumOs: MinimumOs | null }>;

export type ProfileCommand = DefineProfile | ReviseProfile | PublishProfile | RetireProfile | SetProfileMinimumOs;
