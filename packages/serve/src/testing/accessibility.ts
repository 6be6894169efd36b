import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's engine from npm (no CDN), read once. */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rules checked: WCAG 2.1 levels A and AA (contrast, names and labels, keyboard, structure). */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One rule a screen breaks, and where: what a failing test prints. */
export type AccessibilityViolation = Readonly<{ rule: string; impact: string | null; help: string; targets: readonly string[] }>;

type AxeResult = { violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] };
// the page's globals as the evaluated functions see them (this package is typed without the DOM library)
type AxeGlobal = { axe?: { run(context: unknown, options: unknown): Promise<AxeResult> }; document: unknown };

/**
 * What axe-core finds on the page as it is now, against WCAG 2.1 A and AA. The engine is evaluated
 * through the browser's debugging protocol, which the console's Content-Security-Policy does not
 * govern (a script tag would be refused, as it should be), and again after a reload.
 */
export const accessibilityViolations = async (page: Page): Promise<AccessibilityViolation[]> => {
  if (!(await page.evaluate(() => (globalThis as unknown as AxeGlobal).axe !== undefined))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const page = globalThis as unknown as AxeGlobal;
    if (page.axe === undefined) throw new Error('axe-core did not load');
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  }, wcagTags);
};
