import { orderNumbersFromInventory, withOrderNumbers } from '../../profile/routing/order-numbers';
import type { RoutableDevice } from '../../profile/routing/routing-rules';
import type { TokenWork } from '../engine-context';
import { requestEach } from './assignments';
import { chooseProfiles, type ProfileChoice, type Unassignable } from './profile-choice';
import type { AssignmentBatch } from './published-profile';

export type RoutedRequests = Readonly<{
  /** Per profile version, the serials now waiting for Apple's answer: send these. */
  pending: readonly AssignmentBatch[];
  /** Why some devices got no profile, when some did not. */
  skipped: Unassignable | null;
}>;

/**
 * Gives each new device the profile its token's routing rules choose (the default profile when no
 * rule matches): order numbers from the organisation's inventory when a rule needs them, the choice
 * by `chooseProfiles` (the dry run's `routeDevice`), and every request recorded in one batch.
 */
export const requestRoutedAssignments = async (
  work: TokenWork,
  choice: ProfileChoice,
  devices: readonly RoutableDevice[],
): Promise<RoutedRequests> => {
  if (devices.length === 0) return { pending: [], skipped: null };
  const known = await withOrderNumbers(choice.rules, devices, orderNumbersFromInventory(work.store, work.serde));
  const { groups, skipped } = chooseProfiles(choice, known);
  const { pending } = await requestEach(
    work,
    groups.flatMap((group) => group.serials.map((serial) => ({ serial, target: group.target, reason: group.reason, rule: group.rule }))),
    // a sync page's requests wait in its stage and are written with its devices, in one append
    work.page,
  );
  return { pending, skipped };
};
