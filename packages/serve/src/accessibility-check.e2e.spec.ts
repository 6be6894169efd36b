import { accessibilityViolations } from './testing/accessibility';
import { describeInChromium, launchChromium, type HeadlessChromium } from './testing/chromium';
import { unreachableByKeyboard } from './testing/keyboard';

// The console's walk-through expects no axe-core violation on any screen: this shows the check
// finds them when they are there, so "none" means none.
describeInChromium('the accessibility check (axe-core in Chromium)', () => {
  let chromium: HeadlessChromium;
  beforeAll(async () => {
    chromium = await launchChromium({ locale: 'en-GB' });
  }, 120_000);
  afterAll(async () => chromium.close());

  it('finds a field without a label, a button without a name and text below WCAG AA contrast', async () => {
    const page = await chromium.context.newPage();
    await page.setContent(
      '<html lang="en"><head><title>t</title></head><body><main><h1>Devices</h1>' +
        '<input type="text" id="serial"><button type="button"></button>' +
        '<p style="color:#aaaaaa;background:#ffffff">Not contacted</p></main></body></html>',
    );
    const rules = (await accessibilityViolations(page)).map((violation) => violation.rule);
    expect(rules).toEqual(expect.arrayContaining(['label', 'button-name', 'color-contrast']));
  });

  it('finds nothing on a page that labels its field, names its button and keeps its contrast', async () => {
    const page = await chromium.context.newPage();
    await page.setContent(
      '<html lang="en"><head><title>t</title></head><body><main><h1>Devices</h1>' +
        '<label for="serial">Serial number</label><input type="text" id="serial"><button type="button">Filter</button>' +
        '<p style="color:#4a4a4a;background:#ffffff">Not contacted</p></main></body></html>',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('finds a control Tab never reaches, and none when every control is in the tab order', async () => {
    const page = await chromium.context.newPage();
    await page.setContent(
      '<html lang="en"><body><main><a href="#a">First</a><button type="button" tabindex="-1">Hidden from Tab</button>' +
        '<label for="s">Serial</label><input id="s"><button type="button" disabled>Off</button></main></body></html>',
    );
    expect(await unreachableByKeyboard(page)).toEqual(['button “Hidden from Tab”']);
    await page.setContent('<html lang="en"><body><main><a href="#a">First</a><button type="button">Second</button></main></body></html>');
    expect(await unreachableByKeyboard(page)).toEqual([]);
  });
});
