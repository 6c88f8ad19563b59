// `npm test`: every check the project has, in order of cost, with one closing summary line.
// Runs under the project's own Node (npm puts node_modules/.bin first on PATH).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const results = [];
let passed = 0;
let failed = 0;

function step(name, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${[command, ...args].join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', ...options });
  const ok = run.status === 0;
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

mkdirSync('test-results', { recursive: true });
const checks = [
  ['typecheck', 'tsc', ['-p', 'tsconfig.json']],
  ['lint', 'eslint', ['.']],
  ['format', 'prettier', ['--check', '--log-level', 'warn', '.']],
];
for (const [name, command, args] of checks) {
  if (step(name, command, args)) passed += 1;
  else failed += 1;
}

const report = 'test-results/vitest.json';
step('unit + integration tests', 'vitest', [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  passed += summary.numPassedTests;
  failed +=
    summary.numFailedTests +
    (summary.numFailedTestSuites ?? 0) -
    (summary.numFailedTests > 0 ? 0 : 0);
  if (!summary.success && summary.numFailedTests === 0) failed += 1; // a suite failed to load
} else {
  failed += 1;
}

console.log('\nSummary');
for (const { name, ok, seconds } of results)
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds}s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.every((result) => result.ok) ? 0 : 1);
