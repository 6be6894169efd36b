import type { Page } from 'playwright-core';

/** The controls a person uses: links, buttons, fields and lists, when enabled and shown. */
const controls = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

// what the evaluated functions touch of the page (this package is typed without the DOM library)
type Control = {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  getClientRects(): { length: number };
  tagName: string;
  id: string;
  textContent: string | null;
};
type PageGlobal = {
  document: { activeElement: (Control & { blur?(): void }) | null; querySelectorAll(selector: string): Iterable<Control> };
};

/**
 * The controls of the page that Tab never reaches, pressing Tab from the top of the page once per
 * control and a few more: each control is marked first, then the marks focus lands on are noted.
 * An empty list means every link, button and field can be used from the keyboard alone.
 */
export const unreachableByKeyboard = async (page: Page): Promise<string[]> => {
  const count = await page.evaluate((selector) => {
    const { document } = globalThis as unknown as PageGlobal;
    let shown = 0;
    for (const control of document.querySelectorAll(selector))
      control.setAttribute('data-keyboard', control.getClientRects().length > 0 ? String(shown++) : 'hidden');
    document.activeElement?.blur?.();
    return shown;
  }, controls);
  const reached = new Set<string>();
  for (let i = 0; i < count + 3; i++) {
    await page.keyboard.press('Tab');
    const mark = await page.evaluate(
      () => (globalThis as unknown as PageGlobal).document.activeElement?.getAttribute('data-keyboard') ?? null,
    );
    if (mark !== null) reached.add(mark);
  }
  return page.evaluate(
    ([selector, seen]) => {
      const { document } = globalThis as unknown as PageGlobal;
      const missed: string[] = [];
      for (const control of document.querySelectorAll(selector)) {
        const mark = control.getAttribute('data-keyboard');
        if (mark !== null && mark !== 'hidden' && !seen.includes(mark))
          missed.push(
            `${control.tagName.toLowerCase()}${control.id ? `#${control.id}` : ''} “${(control.textContent ?? '').trim().slice(0, 40)}”`,
          );
      }
      return missed;
    },
    [controls, [...reached]] as const,
  );
};
