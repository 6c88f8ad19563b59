import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../electron/gateway/upstream/backoff.ts';
import { childEnvironment } from '../../electron/gateway/upstream/child-environment.ts';
import {
  mergePaths,
  resolveLoginShellPath,
} from '../../electron/gateway/upstream/login-shell-path.ts';
import { LineRingBuffer } from '../../electron/gateway/upstream/ring-buffer.ts';

describe('backoff', () => {
  it('doubles from the base up to the cap, with bounded jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, 500, 4000, mid))).toEqual([
      500, 1000, 2000, 4000, 4000,
    ]);
    expect(backoffDelay(1, 1000, 30_000, () => 0)).toBe(800);
    expect(backoffDelay(1, 1000, 30_000, () => 0.999999)).toBe(1200);
  });
});

describe('stderr ring buffer', () => {
  it('keeps the last lines, joins partial chunks and truncates long lines', () => {
    const buffer = new LineRingBuffer(3, 10);
    buffer.push('one\ntw');
    buffer.push('o\nthree\nfour\nfi');
    expect(buffer.tail()).toEqual(['three', 'four', 'fi']);
    buffer.push('ve-is-a-very-long-line\n');
    expect(buffer.tail(1)).toEqual(['five-is-a-…']);
  });
});

describe('child environment', () => {
  it('passes an allowlist of the gateway environment plus the server env, never other secrets', () => {
    const env = childEnvironment(
      { API_KEY: 'server-own' },
      {
        source: {
          HOME: '/h',
          PATH: '/bin',
          AWS_SECRET_ACCESS_KEY: 'leak',
          LANG: 'C',
        } as NodeJS.ProcessEnv,
        path: '/login/bin:/bin',
      },
    );
    expect(env.API_KEY).toBe('server-own');
    expect(env.PATH).toBe('/login/bin:/bin');
    expect(env.LANG).toBe('C');
    expect(env).not.toHaveProperty('AWS_SECRET_ACCESS_KEY');
  });
});

describe('login shell PATH', () => {
  it("reads the PATH a login shell sets up, ignoring the shell's banner", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-shell-'));
    const shell = join(dir, 'fake-shell');
    // A "shell" that prints a banner, then runs the command with a PATH of its own.
    writeFileSync(
      shell,
      `#!/bin/sh\necho "Welcome!"\nPATH=/opt/tools/bin:/usr/bin\nexport PATH\nexec /bin/sh -c "$2"\n`,
    );
    chmodSync(shell, 0o755);
    expect(await resolveLoginShellPath(shell)).toBe('/opt/tools/bin:/usr/bin');
    expect(await resolveLoginShellPath(join(dir, 'missing-shell'))).toBeUndefined();
  });

  it('merges login and current PATH without duplicates, login first', () => {
    expect(mergePaths('/a:/b', '/b:/c')).toBe('/a:/b:/c');
    expect(mergePaths(undefined, '/c')).toBe('/c');
  });
});
