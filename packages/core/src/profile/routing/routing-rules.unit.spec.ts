import fc from 'fast-check';
import { routeDevice, routingRulesSchema, type RoutingRule } from '../../index';

const rules: RoutingRule[] = routingRulesSchema.parse([
  { profileId: 'vip', when: { serials: ['C02VIP000001'] }, note: 'executives' },
  { profileId: 'macs', when: { family: ['Mac'], model: ['MacBook*'] } },
  { profileId: 'ipads-order', when: { family: ['iPad'], orderNumber: ['PO-2026-17'] } },
]);

describe('routing rules', () => {
  it('gives the first matching rule, with why', () => {
    expect(routeDevice(rules, 'corp', { serial: 'C02VIP000001', family: 'Mac', model: 'MacBook Pro' })).toMatchObject({
      profileId: 'vip',
      source: 'rule',
      ruleIndex: 0,
      reason: 'rule 1 (executives): serial C02VIP000001',
    });
    expect(routeDevice(rules, 'corp', { serial: 'C02MAC000002', family: 'Mac', model: 'macbook air' })).toMatchObject({
      profileId: 'macs',
      reason: 'rule 2: family Mac, model macbook air',
    });
  });

  it('needs every condition of a rule; an unknown order number matches no order rule', () => {
    expect(routeDevice(rules, 'corp', { serial: 'DMPIPAD00003', family: 'iPad' })).toMatchObject({ profileId: 'corp', source: 'default' });
    expect(routeDevice(rules, 'corp', { serial: 'DMPIPAD00003', family: 'iPad', orderNumber: 'PO-2026-17' })).toMatchObject({
      profileId: 'ipads-order',
    });
    expect(routeDevice(rules, 'corp', { serial: 'C02IMAC00004', family: 'Mac', model: 'iMac' })).toMatchObject({ source: 'default' });
  });

  it('says so when nothing matches and there is no default', () => {
    expect(routeDevice([], null, { serial: 'X1' })).toMatchObject({ profileId: null, source: 'none' });
  });

  it('with no rules, the default profile is the simplest rule: every device gets it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.option(fc.constantFrom('iPad', 'Mac', 'iPhone')), (serial, family) => {
        expect(routeDevice([], 'corp', { serial, family })).toMatchObject({ profileId: 'corp', source: 'default' });
        expect(routeDevice([{ profileId: 'all', when: {} }], 'corp', { serial, family })).toMatchObject({ profileId: 'all', ruleIndex: 0 });
      }),
    );
  });

  it('refuses malformed rules naming the field', () => {
    const result = routingRulesSchema.safeParse([{ profileId: 'x', when: { colour: ['red'] } }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([0, 'when']);
  });
});
