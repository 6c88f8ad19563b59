import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDigest, playwrightFailures, vitestFailures } from '../../scripts/failure-digest.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-digest-'));
function report(name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

describe('the failure digest at the end of npm test', () => {
  it('names failed vitest tests with the start of their message, and files that did not load', () => {
    const file = report('vitest.json', {
      testResults: [
        {
          name: '/repo/test/unit/a.test.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'a passes', status: 'passed', failureMessages: [] },
            {
              fullName: 'a breaks',
              status: 'failed',
              failureMessages: [
                '\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at a.test.ts:3',
              ],
            },
          ],
        },
        {
          name: '/repo/test/unit/b.test.ts',
          status: 'failed',
          message: 'SyntaxError: nope',
          assertionResults: [],
        },
        { name: '/repo/test/unit/c.test.ts', status: 'passed', assertionResults: [] },
      ],
    });
    expect(vitestFailures(file)).toEqual([
      {
        title: '/repo/test/unit/a.test.ts › a breaks',
        details: ['AssertionError: expected 1 to be 2', '    at a.test.ts:3'],
      },
      { title: '/repo/test/unit/b.test.ts', details: ['SyntaxError: nope'] },
    ]);
  });

  it('gives a failed Playwright attempt its error and the tail of what the gateway printed', () => {
    const printed = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`).join('\n');
    const file = report('e2e.json', {
      errors: [],
      suites: [
        {
          file: 'servers.spec.ts',
          specs: [],
          suites: [
            {
              file: 'servers.spec.ts',
              specs: [
                {
                  title: 'stops and starts',
                  tests: [
                    {
                      status: 'flaky',
                      results: [
                        {
                          status: 'failed',
                          errors: [{ message: 'Error: expect(locator).toBeVisible() failed' }],
                          attachments: [
                            {
                              name: 'gateway output',
                              body: Buffer.from(printed).toString('base64'),
                            },
                          ],
                        },
                        { status: 'passed', errors: [], attachments: [] },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const [failure, ...others] = playwrightFailures(file);
    expect(others).toEqual([]);
    expect(failure!.title).toBe('servers.spec.ts › stops and starts (flaky: passed on a retry)');
    expect(failure!.details[0]).toBe('Error: expect(locator).toBeVisible() failed');
    expect(failure!.details).toContain('  line 30');
    expect(failure!.details).toContain('  line 16');
    expect(failure!.details).not.toContain('  line 15');
  });

  it('cuts long messages, prints nothing when all passed, and ignores a missing report', () => {
    const long = Array.from({ length: 40 }, (_, index) => `frame ${index}`).join('\n');
    const file = report('long.json', {
      testResults: [
        {
          name: 'x.test.ts',
          status: 'failed',
          assertionResults: [{ fullName: 'x', status: 'failed', failureMessages: [long] }],
        },
      ],
    });
    const [failure] = vitestFailures(file);
    expect(failure!.details).toHaveLength(13);
    expect(failure!.details.at(-1)).toBe('… (28 more lines)');
    expect(formatDigest([])).toBe('');
    expect(formatDigest([failure!])).toMatch(/^\nWhat failed\n {2}✗ x.test.ts › x\n {6}frame 0\n/);
    expect(vitestFailures(join(dir, 'absent.json'))).toEqual([]);
    writeFileSync(join(dir, 'broken.json'), '{"suites": [');
    expect(playwrightFailures(join(dir, 'broken.json'))).toEqual([]);
  });
});
