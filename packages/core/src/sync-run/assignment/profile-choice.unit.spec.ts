import { withOrderNumbers } from '../../profile/routing/order-numbers';
import { routingRulesSchema } from '../../profile/routing/routing-rules';
import { chooseProfiles, type ProfileChoice } from './profile-choice';

// The sync's choice of a profile per device, with no gateway and no store: routeDevice (the dry run's function), grouped.

const target = (profileId: string, profileUuid: string) => ({ profileId, profileVersion: 1, profileUuid });
const choice: ProfileChoice = {
  rules: routingRulesSchema.parse([
    { profileId: 'vip', when: { serials: ['C02VIP000001'] } },
    { profileId: 'macs', when: { model: ['MacBook*'] } },
    { profileId: 'order', when: { orderNumber: ['PO-17'] } },
    { profileId: 'draft', when: { family: ['AppleTV'] } },
  ]),
  defaultProfileId: 'corp',
  profiles: new Map([
    ['vip', { ok: true as const, target: target('vip', 'U-VIP') }],
    ['macs', { ok: true as const, target: target('macs', 'U-MAC') }],
    ['order', { ok: true as const, target: target('order', 'U-ORD') }],
    ['corp', { ok: true as const, target: target('corp', 'U-CORP') }],
    ['draft', { ok: false as const, reason: 'not_published' as const, message: 'not published' }],
  ]),
};

describe("the sync's profile choice", () => {
  it('groups devices by the profile version their rule (or the default) gives, with the rule that chose it', () => {
    const { groups, skipped } = chooseProfiles(choice, [
      { serial: 'C02VIP000001', model: 'MacBook Pro' },
      { serial: 'C02MAC000002', model: 'MacBook Air' },
      { serial: 'C02MAC000003', model: 'macbook pro' },
      { serial: 'DMPPAD000004', model: 'iPad', orderNumber: 'PO-17' },
      { serial: 'DMPPAD000005', model: 'iPad', orderNumber: null },
    ]);
    expect(skipped).toBeNull();
    expect(groups.map((g) => [g.target.profileUuid, g.reason, g.rule, g.serials])).toEqual([
      ['U-VIP', 'routing_rule', 1, ['C02VIP000001']],
      ['U-MAC', 'routing_rule', 2, ['C02MAC000002', 'C02MAC000003']],
      ['U-ORD', 'routing_rule', 3, ['DMPPAD000004']],
      ['U-CORP', 'default_profile', null, ['DMPPAD000005']],
    ]);
  });

  it('gives nothing to a device whose rule names an unpublished profile, and says why', () => {
    expect(chooseProfiles(choice, [{ serial: 'APPLETV00001', family: 'AppleTV' }])).toEqual({
      groups: [],
      skipped: 'rule_profile_not_published',
    });
    expect(chooseProfiles({ ...choice, defaultProfileId: null }, [{ serial: 'DMPPAD000005' }]).skipped).toBe('no_default_profile');
  });

  it('looks order numbers up only when a rule needs them, and keeps one a device comes with', async () => {
    const asked: string[][] = [];
    const lookup = async (serials: readonly string[]) => {
      asked.push([...serials]);
      return new Map(serials.map((s) => [s, s === 'DMPPAD000004' ? 'PO-17' : null]));
    };
    const devices = [{ serial: 'DMPPAD000004' }, { serial: 'DMPPAD000005', orderNumber: 'PO-99' }];
    expect(await withOrderNumbers(choice.rules, devices, lookup)).toEqual([
      { serial: 'DMPPAD000004', orderNumber: 'PO-17' },
      { serial: 'DMPPAD000005', orderNumber: 'PO-99' },
    ]);
    expect(asked).toEqual([['DMPPAD000004']]);
    expect(await withOrderNumbers(choice.rules.slice(0, 2), devices, lookup)).toEqual(devices);
    expect(asked).toHaveLength(1);
  });
});
