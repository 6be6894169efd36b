import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright's own browser downloads cannot work on the project's machines. */
export const chromiumPath = process.env.DEPLEDGER_CHROMIUM ?? '/usr/bin/chromium';

/** Set (to 1) by CI: a browser suite with no Chromium fails instead of being skipped. */
export const browserRequiredVariable = 'DEPLEDGER_BROWSER_REQUIRED';

/**
 * `describe` for a suite that needs Chromium: run when it is installed; otherwise reported as
 * "NOT RUN: install chromium" (skipped), or failed when DEPLEDGER_BROWSER_REQUIRED is set (CI).
 */
export const describeInChromium = (name: string, body: () => void): void => {
  if (existsSync(chromiumPath)) {
    describe(name, body);
    return;
  }
  const message = `No Chromium at ${chromiumPath}: the suite "${name}" did not run. Install it (Debian: apt-get install -y chromium) or set DEPLEDGER_CHROMIUM.`;
  if (process.env[browserRequiredVariable] === '1') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(message);
  describe.skip(`${name} [NOT RUN: install chromium]`, body);
};

export type HeadlessChromium = Readonly<{ context: BrowserContext; close(): Promise<void> }>;

/** A headless Chromium with a fresh profile (removed on close) that never reaches outside the machine. */
export const launchChromium = async (options: Readonly<{ locale: string }>): Promise<HeadlessChromium> => {
  const profile = mkdtempSync(join(tmpdir(), 'depledger-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      locale: options.locale,
      acceptDownloads: true,
      viewport: { width: 1200, height: 900 },
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
};
