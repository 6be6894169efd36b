// Type-checks the TypeScript samples of the docs against the built packages, so a renamed
// export or a changed signature shows up as an error instead of a stale page.
//
//   pnpm build && node scripts/check-doc-snippets.mjs            exits 1 and lists the errors
//
// Every ```ts block of docs/*.md becomes an ES module. Samples may use a few variables they do
// not declare (the page around them does): `eventStore`, `store`, `readModels`, `vault`,
// `depledger`; the check declares those with their real types unless the sample declares them.
// A sample that cannot stand alone is marked `<!-- not type-checked: why -->` just above it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = join(root, 'docs');

const ambient = {
  eventStore: "import('@depledger/core').EventStore",
  store: "import('@depledger/core').EventStore",
  vault: "import('@depledger/core').Vault",
  depledger: "import('@depledger/core').Depledger",
  readModels: "import('@depledger/projections').ReadModelStore",
};

const declares = (code, name) =>
  new RegExp(
    `\\b(const|let|var|function)\\s+${name}\\b|\\b(const|let|var)\\s+[{[][^=]*\\b${name}\\b[^=]*[}\\]]\\s*=|\\bimport\\b[^;]*\\b${name}\\b[^;]*\\bfrom\\b`,
  ).test(code);

const samples = [];
for (const file of readdirSync(docs)
  .filter((f) => f.endsWith('.md'))
  .sort()) {
  const text = readFileSync(join(docs, file), 'utf8');
  let index = 0;
  // Prettier puts a blank line between the comment and the block: blank lines may stand between them.
  for (const match of text.matchAll(/(<!-- not type-checked[^>]*-->\n(?:[ \t]*\n)*)?```ts\n([\s\S]*?)```/g)) {
    if (match[1]) continue;
    const code = match[2];
    const line = text.slice(0, match.index).split('\n').length + 1; // the sample's first line
    const prelude = Object.entries(ambient)
      .filter(([name]) => new RegExp(`\\b${name}\\b`).test(code) && !declares(code, name))
      .map(([name, type]) => `declare const ${name}: ${type};`);
    samples.push({
      name: `${file.replace(/\.md$/, '')}-${++index}.mts`,
      source: `${file}:${line}`,
      text: `${prelude.map((l) => `${l}\n`).join('')}${code}\nexport {};\n`,
      offset: prelude.length,
    });
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'depledger-doc-snippets-'));
try {
  for (const s of samples) writeFileSync(join(scratch, s.name), s.text);
  const packages = readdirSync(join(root, 'packages'));
  const paths = Object.fromEntries(packages.map((p) => [`@depledger/${p}`, [join(root, 'packages', p, 'dist', 'index.d.ts')]]));
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
        paths,
      },
      files: samples.map((s) => s.name),
    }),
  );
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  try {
    execFileSync(tsc, ['-p', scratch], { encoding: 'utf8', stdio: 'pipe' });
    console.log(`${samples.length} TypeScript samples in docs/ type-check against the built packages.`);
  } catch (error) {
    // Point each error at the page and line it came from.
    const out = `${error.stdout ?? ''}${error.stderr ?? ''}`.replace(/(?:\S*\/)?([\w-]+\.mts)\((\d+),(\d+)\)/g, (all, name, l) => {
      const s = samples.find((x) => x.name === name);
      return s ? `docs/${s.source.split(':')[0]}:${Number(s.source.split(':')[1]) + Number(l) - 1 - s.offset}` : all;
    });
    console.error(out.trim());
    console.error('\nSome samples in docs/ do not type-check against the built packages: fix the page (or the code).');
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
