// `npm run build:desktop`: compiles the desktop shell for Electron into dist/. Main (with the
// engine and shared/ it imports) becomes ES modules; the preload becomes one CommonJS script,
// the only form a sandboxed preload can take (it may require 'electron' and nothing else).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const PRELOAD_SOURCE = 'electron/preload/preload.ts';
const PRELOAD_OUT = 'dist/electron/preload/preload.cjs';

/** The preload as a sandboxed renderer runs it; throws if it would require anything else. */
export function compilePreload(source) {
  const { outputText, diagnostics } = ts.transpileModule(source, {
    fileName: 'preload.ts',
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
      esModuleInterop: false,
      sourceMap: false,
    },
  });
  if (diagnostics?.length)
    throw new Error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({})));
  const required = [...outputText.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1],
  );
  const others = required.filter((name) => name !== 'electron');
  if (others.length)
    throw new Error(`the preload must require only 'electron', not ${others.join(', ')}`);
  return outputText;
}

function main() {
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'electron/tsconfig.build.json'],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  mkdirSync('dist/electron/preload', { recursive: true });
  writeFileSync(PRELOAD_OUT, compilePreload(readFileSync(PRELOAD_SOURCE, 'utf8')));
  console.log(`Desktop shell compiled: dist/electron/main/main.js, ${PRELOAD_OUT}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
