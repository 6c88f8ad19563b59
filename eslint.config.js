// Lint rules that keep the architecture honest: the engine and shared/ never import Electron,
// and shared/ stays free of Node and React so both sides of the app can use it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronBan = {
  name: 'electron',
  message: 'The gateway engine must stay pure Node: it also runs headless.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      'renderer/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortSignal: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // GitHub Desktop's rule: raw IPC only in the two typed wrappers, so every channel goes
    // through the contract-derived channel map and every handler through the sender check.
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['electron/main/ipc/ipc-main.ts', 'electron/preload/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message:
                'Use the typed IPC wrappers (electron/main/ipc/ipc-main.ts, electron/preload/preload.ts).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]',
          message: 'Use the typed IPC wrappers, not raw ipcMain/ipcRenderer.',
        },
      ],
    },
  },
  {
    files: ['electron/gateway/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [{ group: ['electron/*'], message: electronBan.message }],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronBan,
            { name: 'react', message: 'shared/ is imported by the engine too.' },
          ],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http'],
              message: 'shared/ must run in the renderer: no Node modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard reaches the engine through EngineApi only (the preload bridge or HTTP).
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The dashboard talks to the engine via EngineApi.' },
          ],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http'],
              message: 'The dashboard runs in a browser: no Node modules.',
            },
            {
              group: ['**/electron/**'],
              message: 'The dashboard talks to the engine via EngineApi, never by importing it.',
            },
          ],
        },
      ],
    },
  },
);
