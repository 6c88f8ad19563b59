import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map(
    (match) => match[1]!,
  );
}

describe('architecture boundaries', () => {
  it('the gateway engine never imports electron (it runs headless)', () => {
    const offenders = sources(join(ROOT, 'electron/gateway')).filter((file) =>
      importsOf(file).some((spec) => spec === 'electron' || spec.startsWith('electron/')),
    );
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('shared/ imports neither Node, Electron nor React', () => {
    const banned = /^(node:|electron$|react$|react-dom|fs$|path$|os$|child_process$|http$)/;
    const offenders = sources(join(ROOT, 'shared')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => banned.test(spec))
        .map((spec) => `${relative(ROOT, file)}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps source files readable in one sitting (none past 400 lines)', () => {
    const long = [...sources(join(ROOT, 'electron')), ...sources(join(ROOT, 'shared'))]
      .map((file) => ({
        file: relative(ROOT, file),
        lines: readFileSync(file, 'utf8').split('\n').length,
      }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });
});
