import { defineConfig } from 'vitest/config';

// Unit and integration tests never touch a real keychain: they use the secrets file. The
// keychain project runs on its own inside a private Secret Service (scripts/with-keyring.sh).
const fileSecrets = { SWITCHBOARD_SECRET_STORE: 'file' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'electron/**/*.test.ts', 'shared/**/*.test.ts'],
          environment: 'node',
          env: fileSecrets,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          env: fileSecrets,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration files each start real servers; two cores do best with two at a time.
          maxWorkers: 2,
        },
      },
      {
        // The dashboard: stores with a fake EngineApi, components with Testing Library.
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['renderer/src/test-support/setup.ts'],
        },
      },
      {
        // A fresh copy of the tree installed and started as a new user would (minutes, not seconds).
        test: {
          name: 'install',
          include: ['test/install/**/*.test.ts'],
          environment: 'node',
          testTimeout: 10 * 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'keychain',
          include: ['test/keychain/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
    ],
  },
});
