// `npm test`: every check the project has, in order of cost, with one closing summary line.
// Runs under the project's own Node (npm puts node_modules/.bin first on PATH).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { formatDigest, playwrightFailures, vitestFailures } from './failure-digest.ts';

const results = [];
let passed = 0;
let failed = 0;
/** Passed only on a retry: counted as passed, and named in the summary. */
let flaky = 0;

function step(name, command, args) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${[command, ...args].join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit' });
  const ok = run.status === 0;
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

/** Adds a vitest JSON report's counts; a missing report counts as one failure. */
function count(file) {
  if (!existsSync(file)) {
    failed += 1;
    return;
  }
  const summary = JSON.parse(readFileSync(file, 'utf8'));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests;
  if (!summary.success && summary.numFailedTests === 0) failed += 1; // a suite failed to load
}

/** Adds a Playwright JSON report's counts; a missing report, or errors outside tests, count as one failure. */
function countPlaywright(file) {
  if (!existsSync(file)) {
    failed += 1;
    return;
  }
  const { stats, errors = [] } = JSON.parse(readFileSync(file, 'utf8'));
  passed += stats.expected + stats.flaky;
  flaky += stats.flaky;
  failed += stats.unexpected;
  if (errors.length > 0) failed += 1; // e.g. the config or a spec file failed to load
}

function vitest(name, projects, report, wrapper = []) {
  const args = [
    'run',
    ...projects.flatMap((project) => ['--project', project]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  rmSync(report, { force: true }); // never count a previous run's report
  const [command, ...rest] = [...wrapper, 'vitest', ...args];
  step(name, command, rest);
  count(report);
}

mkdirSync('test-results', { recursive: true });
for (const [name, command, args] of [
  ['typecheck', 'tsc', ['-p', 'tsconfig.json']],
  ['typecheck bench', 'tsc', ['-p', 'bench/tsconfig.json']],
  // The desktop shell (electron/main, electron/preload) against Electron's own typings.
  ['typecheck desktop', 'tsc', ['-p', 'electron/tsconfig.json']],
  // The dashboard (renderer/) with DOM typings and JSX.
  ['typecheck renderer', 'tsc', ['-p', 'renderer/tsconfig.json']],
  ['lint', 'eslint', ['.']],
  ['format', 'prettier', ['--check', '--log-level', 'warn', '.']],
]) {
  if (step(name, command, args)) passed += 1;
  else failed += 1;
}

vitest(
  'unit + integration + renderer tests',
  ['unit', 'integration', 'renderer'],
  'test-results/vitest.json',
);
// The README's promise on a fresh copy of this tree: `npm start` with only Node.js and npm.
vitest(
  'fresh install (npm start on a copy of the tree)',
  ['install'],
  'test-results/vitest-install.json',
);
// Keychain tests need a real Secret Service: a private D-Bus session with gnome-keyring.
vitest('keychain tests (real Secret Service)', ['keychain'], 'test-results/vitest-keychain.json', [
  'scripts/with-keyring.sh',
]);

// The dashboard end to end: the real gateway (`switchboard serve`), real servers, SDK clients,
// and the dashboard in Debian's Chromium (.ci/run installs it). Reports to test-results/e2e.json.
rmSync('test-results/e2e.json', { force: true }); // never count a previous run's report
step('dashboard end-to-end tests (Playwright)', 'playwright', ['test']);
countPlaywright('test-results/e2e.json');

const digest = formatDigest([
  ...vitestFailures('test-results/vitest.json'),
  ...vitestFailures('test-results/vitest-install.json'),
  ...vitestFailures('test-results/vitest-keychain.json'),
  ...playwrightFailures('test-results/e2e.json'),
]);
if (digest) console.log(digest);
console.log('\nSummary');
for (const { name, ok, seconds } of results)
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds}s)`);
console.log(`${passed} passed, ${failed} failed${flaky ? ` (${flaky} flaky: see above)` : ''}`);
process.exit(failed === 0 && results.every((result) => result.ok) ? 0 : 1);
