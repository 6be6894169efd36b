// The lint rules and their tooling live in tools/lint (see its package.json for why); ESLint lints below this folder.
export { default } from './tools/lint/eslint.config.mjs';
