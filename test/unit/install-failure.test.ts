import { describe, expect, it } from 'vitest';
import { explainInstallFailure } from '../../scripts/install-failure.mjs';

const npmError = (...lines: string[]) => lines.map((line) => `npm error ${line}`).join('\n');

describe('explainInstallFailure', () => {
  it.each([
    [
      'no DNS',
      npmError(
        'code ENOTFOUND',
        'request to https://registry.npmjs.org/zod failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org',
      ),
      /could not be reached \(ENOTFOUND at https:\/\/registry\.npmjs\.org\)\. Check the network/,
    ],
    [
      'a proxy that resets',
      npmError('code ECONNRESET', 'network aborted'),
      /could not be reached \(ECONNRESET\)/,
    ],
    [
      'a login problem',
      npmError('code E401', '401 Unauthorized - GET https://npm.example/zod'),
      /refused access \(HTTP 401 \(https:\/\/npm\.example\/zod\)\)\. Check your npm login/,
    ],
    [
      'a missing package',
      npmError('code E404', '404 Not Found - GET https://registry.npmjs.org/nope'),
      /a package was not found in the npm registry \(HTTP 404/,
    ],
    [
      'a registry outage',
      npmError('code E502', '502 Bad Gateway - GET https://registry.npmjs.org/zod?write=true'),
      /answered with an error \(HTTP 502 \(https:\/\/registry\.npmjs\.org\/zod\)\)\. It is usually brief/,
    ],
    [
      'a corrupt download',
      npmError('code EINTEGRITY', 'sha512-… integrity checksum failed'),
      /npm cache verify/,
    ],
    ['a full disk', npmError('code ENOSPC', 'no space left on device'), /the disk is full/],
    [
      'no permission',
      npmError('code EACCES', 'permission denied, mkdir'),
      /permission denied \(EACCES\)/,
    ],
  ])('%s', (_what, stderr, expected) => {
    const line = explainInstallFailure('npm ci', { status: 1, stderr });
    expect(line).toMatch(/^installing dependencies failed: /);
    expect(line).toMatch(expected);
    expect(line).toMatch(/then run "npm start" again\.$/);
  });

  it('quotes the last npm error line when it knows nothing better', () => {
    const stderr = npmError('code ESOMETHING_NEW', 'errno 12', 'the lock file is from the future');
    expect(explainInstallFailure('npm ci', { status: 1, stderr })).toBe(
      'installing dependencies failed: "npm ci" exited with 1 (the lock file is from the future). Fix what npm reports in the log named above, then run "npm start" again.',
    );
  });

  it('says npm is missing, and when the install was interrupted', () => {
    const missing = Object.assign(new Error('spawn npm ENOENT'), { code: 'ENOENT' });
    expect(explainInstallFailure('npm ci', { status: null, error: missing })).toMatch(
      /npm was not found on PATH/,
    );
    expect(explainInstallFailure('npm ci', { status: null, signal: 'SIGINT' })).toMatch(
      /was interrupted \(SIGINT\): run "npm start" again to finish it\./,
    );
  });
});
