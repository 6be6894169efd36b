import fc from 'fast-check';
import { writeJsonArray } from './json-array';

async function* itemsOf<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('writeJsonArray', () => {
  it('writes exactly what JSON.stringify(items, null, 2) and a newline would, whatever the items', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 8 }), async (items) => {
        let text = '';
        const count = await writeJsonArray((chunk) => (text += chunk), itemsOf(items));
        expect(count).toBe(items.length);
        expect(text).toBe(`${JSON.stringify(items, null, 2)}\n`);
      }),
    );
  });

  it('writes an empty list as []', async () => {
    let text = '';
    await writeJsonArray((chunk) => (text += chunk), itemsOf([]));
    expect(text).toBe('[]\n');
  });
});
