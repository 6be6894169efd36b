import { z } from 'zod';

const values = z.array(z.string().trim().min(1).max(128)).min(1).max(10_000);

/** What a rule looks at; every condition given must hold (an empty `when` matches every device). */
export const routingConditionSchema = z.strictObject({
  /** Apple's `device_family`: iPad, iPhone, iPod, Mac, AppleTV, Vision. */
  family: values.optional(),
  /** Apple's `os`: iOS, iPadOS, OSX, tvOS, visionOS. */
  os: values.optional(),
  /** Apple's `model`, compared case-insensitively, a trailing `*` for a prefix (`MacBook*`). */
  model: values.optional(),
  /** The order numbers the devices came with (known when the caller gives them). */
  orderNumber: values.optional(),
  /** Serial numbers. */
  serials: values.optional(),
});

const osMinimum = z.strictObject({
  /** The lowest OS version allowed to enroll, e.g. `17.1`. */
  version: z.string().regex(/^\d{1,3}(\.\d{1,3}){0,2}$/, 'a version such as 17.1 or 14.6.1'),
  /** Apple's build of that version (e.g. `21B74`), sent to the device with it when given. */
  build: z
    .string()
    .regex(/^\d{1,2}[A-Z]\d{1,5}[a-z]?$/, "Apple's build number, such as 21B74")
    .optional(),
});

/** The lowest OS a device matching the rule may enroll with, per platform (Apple's "software update required"). */
export const minimumOsSchema = z.strictObject({
  iOS: osMinimum.optional(),
  iPadOS: osMinimum.optional(),
  macOS: osMinimum.optional(),
  tvOS: osMinimum.optional(),
  visionOS: osMinimum.optional(),
});

/** One routing rule: devices matching `when` get `profileId`. */
export const routingRuleSchema = z.strictObject({
  profileId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, '1–64 letters, digits, dot, dash or underscore'),
  when: routingConditionSchema.default({}),
  /** The lowest OS allowed to enroll, per platform: the enrollment helper answers "software update required" below it. */
  minimumOs: minimumOsSchema.optional(),
  /** Why, for people reading the rules and the dry run. */
  note: z.string().max(200).optional(),
});

/** A token's rules, first match wins; the token's default profile comes after them as the catch-all. */
export const routingRulesSchema = z.array(routingRuleSchema).max(100, 'at most 100 rules');

export type RoutingCondition = z.output<typeof routingConditionSchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
export type RoutingRuleInput = z.input<typeof routingRuleSchema>;
export type MinimumOs = z.output<typeof minimumOsSchema>;

/** What routing knows of a device. */
export type RoutableDevice = Readonly<{
  serial: string;
  family?: string | null;
  os?: string | null;
  model?: string | null;
  orderNumber?: string | null;
}>;

/** Which profile a device gets and why: the rule that matched (by position), or the default profile, or none. */
export type RouteDecision = Readonly<
  | { serial: string; profileId: string; source: 'rule'; ruleIndex: number; reason: string }
  | { serial: string; profileId: string; source: 'default'; ruleIndex: null; reason: string }
  | { serial: string; profileId: null; source: 'none'; ruleIndex: null; reason: string }
>;

const same = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;
const modelMatches = (pattern: string, model: string) =>
  pattern.endsWith('*') ? model.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase()) : same(pattern, model);

/** The conditions of `when` that the device meets, or null when one fails. */
const matched = (when: RoutingCondition, device: RoutableDevice): string[] | null => {
  const met: string[] = [];
  const check = (name: string, wanted: readonly string[] | undefined, actual: string | null | undefined, test = same): boolean => {
    if (wanted === undefined) return true;
    if (actual === null || actual === undefined || !wanted.some((w) => test(w, actual))) return false;
    met.push(`${name} ${actual}`);
    return true;
  };
  const ok =
    check('family', when.family, device.family) &&
    check('os', when.os, device.os) &&
    check('model', when.model, device.model, modelMatches) &&
    check('order number', when.orderNumber, device.orderNumber) &&
    check('serial', when.serials, device.serial, (a, b) => a.toUpperCase() === b.toUpperCase());
  return ok ? met : null;
};

/**
 * Which profile a device gets: the first rule whose conditions all hold, else the token's default
 * profile (the simplest rule: every device), else none. Pure: the sync and the dry run ask the same question.
 */
export const routeDevice = (rules: readonly RoutingRule[], defaultProfileId: string | null, device: RoutableDevice): RouteDecision => {
  for (const [index, rule] of rules.entries()) {
    const met = matched(rule.when, device);
    if (met === null) continue;
    const why = met.length === 0 ? 'matches every device' : met.join(', ');
    return {
      serial: device.serial,
      profileId: rule.profileId,
      source: 'rule',
      ruleIndex: index,
      reason: `rule ${index + 1}${rule.note ? ` (${rule.note})` : ''}: ${why}`,
    };
  }
  if (defaultProfileId !== null) {
    return {
      serial: device.serial,
      profileId: defaultProfileId,
      source: 'default',
      ruleIndex: null,
      reason: "no rule matched: the token's default profile",
    };
  }
  return {
    serial: device.serial,
    profileId: null,
    source: 'none',
    ruleIndex: null,
    reason: 'no rule matched and the token has no default profile',
  };
};
