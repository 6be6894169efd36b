// depledger's lint: a small set of rules for the mistakes the compiler lets through. Formatting is Prettier's.
// The workspace root's eslint.config.mjs re-exports it (ESLint only lints below its config's folder);
// `pnpm lint` runs it from there.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import tseslint from 'typescript-eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.tmp/**', 'docs/**'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: [join(root, 'tsconfig.specs.json')], tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its error and its ordering: await it, return it, or say `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a callback's result is ignored (an event handler, forEach) loses its error the same way.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // A switch over a union handles every member, or says why not in a default.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // No dead code: unused variables, parameters, imports (a leading underscore marks one kept on purpose).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
    },
  },
);
