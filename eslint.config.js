// One lint setup for the whole repository. The room rules below enforce
// ../shared/ARCHITECTURE.md: dependencies point down the table, never back up.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const rooms = [
  'shared',
  'timeline',
  'config',
  'shots',
  'media',
  'generators',
  'audio',
  'conform',
  'pipeline',
  'server',
  'cli',
];

/** Which rooms each room may import (besides itself). */
const allowed = {
  shared: [],
  timeline: ['shared'],
  config: ['shared'],
  shots: ['timeline', 'config', 'shared'],
  media: ['shared'],
  generators: ['shots', 'timeline', 'media', 'config', 'shared'],
  audio: ['shots', 'timeline', 'media', 'config', 'shared'],
  conform: ['timeline', 'shots', 'media', 'config', 'shared'],
  pipeline: ['shared', 'timeline', 'config', 'shots', 'media', 'generators', 'audio', 'conform'],
  server: ['pipeline', 'config', 'shared'],
  cli: ['pipeline', 'server', 'config', 'shared'],
};

const roomRules = rooms.map((room) => {
  const forbidden = rooms.filter((r) => r !== room && !allowed[room].includes(r));
  return {
    files: [`src/${room}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((r) => ({
            group: [`**/${r}/*`, `**/${r}/**`, `**/${r}/index.js`],
            message: `src/${room} may not import src/${r} (see ../shared/ARCHITECTURE.md).`,
          })),
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'demo/**', 'out/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        document: 'readonly',
        window: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'max-params': ['error', 4],
      'no-console': 'error',
    },
  },
  {
    files: [
      'src/cli/**/*.ts',
      'src/main.ts',
      'bench/**/*.ts',
      'tests/**/*.ts',
      'scripts/**',
      'plugin/**',
      '**/*.test.ts',
    ],
    rules: { 'no-console': 'off', 'max-params': 'off' },
  },
  {
    // The Resolve plugin's main process and its lib are CommonJS (Resolve's Electron before 20.1
    // cannot load an ES-module main); the page scripts in plugin/panel stay ES modules.
    files: ['plugin/main.js', 'plugin/lib/**/*.js', 'plugin/preload.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...roomRules,
);
