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

  it('reads no further item while the reader has not taken the last chunk written', async () => {
    const big = 'x'.repeat(40 * 1024);
    let pulled = 0;
    async function* items(): AsyncGenerator<string> {
      for (let i = 0; i < 6; i++) {
        pulled = i + 1;
        yield big;
      }
    }
    const written: string[] = [];
    let release: () => void = () => {};
    let waits = 0;
    const drained = () => {
      waits += 1;
      return new Promise<void>((resolve) => (release = resolve));
    };
    const done = writeJsonArray((chunk) => written.push(chunk), items(), drained);
    // two items make the first chunk (over 64 KiB): written, then it waits for the reader
    await new Promise((resolve) => setImmediate(resolve));
    expect({ pulled, chunks: written.length, waits }).toEqual({ pulled: 2, chunks: 1, waits: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulled).toBe(2);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect({ pulled, chunks: written.length, waits }).toEqual({ pulled: 4, chunks: 2, waits: 2 });
    release();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await done).toBe(6);
    expect(written.join('')).toBe(
      `${JSON.stringify(
        Array.from({ length: 6 }, () => big),
        null,
        2,
      )}\n`,
    );
  });
});
