// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** The layering rules of ../shared/STYLE.md, enforced per folder. */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'crypto'];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        {
          group: ['**/src-main/**', 'electron', 'better-sqlite3', ...nodeBuiltins],
          message: 'The renderer talks to the main process only through the contract (@shared).',
        },
      ]),
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: restrict([
      {
        group: [
          '**/src-main/**',
          '**/src-renderer/**',
          'electron',
          'react',
          'better-sqlite3',
          ...nodeBuiltins,
        ],
        message: 'src-shared is platform-neutral: no Node, no DOM, no React.',
      },
    ]),
  },
  {
    files: ['src-main/engine/**/*.ts'],
    rules: restrict([
      {
        group: [
          '**/store/**',
          '**/import/**',
          '**/transports/**',
          '**/services/**',
          'electron',
          'better-sqlite3',
          ...nodeBuiltins,
        ],
        message: 'The engine is arithmetic on arrays: no I/O, no store.',
      },
    ]),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/transports/electron/**', 'src-main/app/electron-*.ts'],
    rules: restrict([
      {
        group: ['electron', '**/src-renderer/**'],
        message: "Only transports/electron and app/electron-* may import 'electron'.",
      },
    ]),
  },
);
