// What failed, a few lines each, for the end of `npm test`: CI often keeps only the tail of the
// output, and a bare "1 failed" there cannot be diagnosed. Reads the JSON reports that vitest
// and Playwright already write; a missing or unreadable report adds nothing (test-all counts it).
import { existsSync, readFileSync } from 'node:fs';

export type Failure = { title: string; details: string[] };

/** The parts of vitest's JSON report read here. */
type VitestReport = {
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
};

type PlaywrightSuite = {
  file: string;
  specs?: {
    title: string;
    tests?: {
      /** "flaky": failed, then passed on a retry. */
      status?: string;
      results?: {
        status: string;
        errors: { message?: string }[];
        attachments?: { name: string; body?: string }[];
      }[];
    }[];
  }[];
  suites?: PlaywrightSuite[];
};

/** The parts of Playwright's JSON report read here. */
type PlaywrightReport = { errors?: { message?: string }[]; suites?: PlaywrightSuite[] };

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters.
const ANSI = /\u001b\[[0-9;]*m/g;

function lines(text: string): string[] {
  return text.replace(ANSI, '').trimEnd().split('\n');
}

function head(text: string, count: number): string[] {
  const all = lines(text);
  return all.length <= count
    ? all
    : [...all.slice(0, count), `… (${all.length - count} more lines)`];
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Failed vitest tests, and test files that failed without a failed test (e.g. did not load). */
export function vitestFailures(file: string): Failure[] {
  const failures: Failure[] = [];
  for (const suite of readJson<VitestReport>(file)?.testResults ?? []) {
    const failed = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed)
      failures.push({
        title: `${suite.name} › ${test.fullName}`,
        details: head(test.failureMessages.join('\n'), 12),
      });
    if (suite.status === 'failed' && failed.length === 0)
      failures.push({ title: suite.name, details: head(suite.message || 'failed to load', 12) });
  }
  return failures;
}

function* specsOf(
  suite: PlaywrightSuite,
): Generator<[string, NonNullable<PlaywrightSuite['specs']>[number]]> {
  for (const spec of suite.specs ?? []) yield [suite.file, spec];
  for (const child of suite.suites ?? []) yield* specsOf(child);
}

/** Failed Playwright tests: their errors and the last lines the gateway printed. */
export function playwrightFailures(file: string): Failure[] {
  const report = readJson<PlaywrightReport>(file);
  if (!report) return [];
  const failures: Failure[] = (report.errors ?? []).map((error) => ({
    title: 'Playwright, outside any test',
    details: head(error.message ?? 'no message', 12),
  }));
  for (const suite of report.suites ?? [])
    for (const [specFile, spec] of specsOf(suite))
      for (const test of spec.tests ?? [])
        for (const result of test.results ?? []) {
          if (result.status === 'passed' || result.status === 'skipped') continue;
          const details = result.errors.flatMap((error) => head(error.message ?? 'no message', 16));
          const printed = result.attachments?.find((item) => item.name === 'gateway output')?.body;
          if (printed) {
            const last = lines(Buffer.from(printed, 'base64').toString('utf8')).slice(-15);
            details.push('gateway output, last lines:', ...last.map((line) => `  ${line}`));
          }
          const outcome = test.status === 'flaky' ? 'flaky: passed on a retry' : result.status;
          failures.push({ title: `${specFile} › ${spec.title} (${outcome})`, details });
        }
  return failures;
}

export function formatDigest(failures: Failure[]): string {
  if (failures.length === 0) return '';
  const out = ['', 'What failed'];
  for (const { title, details } of failures)
    out.push(`  ✗ ${title}`, ...details.map((line) => `      ${line}`));
  return out.join('\n');
}
