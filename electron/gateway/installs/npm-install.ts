/**
 * Installs one npm package at a pinned version into a folder of its own, so a server starts
 * from files on disk instead of `npx` fetching it again on every start. Two npm runs: the
 * first resolves the tree (a lockfile, no downloads) so we know how many packages are coming;
 * the second (`npm ci --loglevel http`) prints a line per tarball, which drives the progress.
 * Everything happens in a staging folder renamed into place at the end: a failure leaves
 * nothing half-installed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';

export type NpmProgress = {
  phase: 'resolving' | 'downloading' | 'finishing';
  fraction?: number;
  line?: string;
};

export type NpmInstallRequest = {
  identifier: string;
  version: string;
  /** Where the package ends up; replaced only once the new install is complete. */
  dir: string;
  onProgress?: (progress: NpmProgress) => void;
  /** npm to run; `npm` on PATH by default. */
  npm?: string;
  env?: NodeJS.ProcessEnv;
};

const PackageJsonSchema = z.looseObject({
  name: z.string().optional(),
  bin: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
});

const LockfileSchema = z.looseObject({
  packages: z.record(z.string(), z.looseObject({ link: z.boolean().optional() })),
});

/** Variables npm sets for a script it runs (we may be under `npm start`); they would redirect this install. */
function npmEnvironment(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(source))
    if (
      !/^npm_(package|lifecycle)_|^npm_config_(prefix|global|local_prefix|location|save.*)$/i.test(
        key,
      )
    )
      env[key] = value;
  return env;
}

/** Runs npm in `cwd`, line by line; rejects with npm's own error lines. */
function runNpm(
  npm: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(npm, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const errors: string[] = [];
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (line) => {
        if (/^npm (error|ERR!)/.test(line)) errors.push(line.replace(/^npm (error|ERR!)\s*/, ''));
        onLine(line);
      });
    child.once('error', (error) =>
      reject(
        new Error(
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'npm was not found: install Node.js with npm (https://nodejs.org) to install npm packages'
            : `npm could not be started: ${error.message}`,
        ),
      ),
    );
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const why = errors.filter(Boolean).slice(0, 3).join('; ') || `npm exited with code ${code}`;
      reject(new Error(`npm install failed: ${why}`));
    });
  });
}

/** The file a package runs: its only bin, the one named like the package, else its first. */
export async function packageBin(dir: string, identifier: string): Promise<string> {
  const root = join(dir, 'node_modules', identifier);
  const manifest = PackageJsonSchema.parse(
    JSON.parse(await readFile(join(root, 'package.json'), 'utf8')),
  );
  const bin = manifest.bin;
  if (!bin)
    throw new Error(
      `${identifier} declares no "bin" in its package.json: it cannot be run as a server`,
    );
  if (typeof bin === 'string') return join(root, bin);
  const short = identifier.split('/').pop()!;
  const chosen = bin[short] ?? bin[identifier] ?? Object.values(bin)[0];
  if (!chosen) throw new Error(`${identifier} declares an empty "bin"`);
  return join(root, chosen);
}

/** Installs the package; returns the path of the script to run with node. */
export async function installNpmPackage(request: NpmInstallRequest): Promise<{ bin: string }> {
  const { identifier, version, dir, onProgress = () => {} } = request;
  const npm = request.npm ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
  const env = npmEnvironment(request.env ?? process.env);
  const staging = `${dir}.staging-${randomBytes(4).toString('hex')}`;
  const quiet = ['--no-audit', '--no-fund', '--no-update-notifier'];
  try {
    await mkdir(staging, { recursive: true });
    const spec = {
      name: 'switchboard-server',
      private: true,
      dependencies: { [identifier]: version },
    };
    await writeFile(join(staging, 'package.json'), `${JSON.stringify(spec, null, 2)}\n`);
    onProgress({ phase: 'resolving', line: `Resolving ${identifier}@${version}` });
    await runNpm(npm, ['install', '--package-lock-only', ...quiet], staging, env, (line) =>
      onProgress({ phase: 'resolving', line }),
    );
    const lock = LockfileSchema.parse(
      JSON.parse(await readFile(join(staging, 'package-lock.json'), 'utf8')),
    );
    const total = Object.entries(lock.packages).filter(([key, item]) => key && !item.link).length;
    let fetched = 0;
    onProgress({ phase: 'downloading', fraction: 0, line: `Installing ${total} packages` });
    await runNpm(npm, ['ci', '--loglevel', 'http', ...quiet], staging, env, (line) => {
      const tarball = /\.tgz\b/.test(line);
      if (tarball) fetched = Math.min(total, fetched + 1);
      // A line per fetch is too much to show: the bar counts tarballs, other fetches are skipped.
      if (line.startsWith('npm http fetch') && !tarball) return;
      onProgress({
        phase: 'downloading',
        fraction: total ? fetched / total : 0,
        ...(tarball ? {} : { line }),
      });
    });
    onProgress({ phase: 'finishing', fraction: 1, line: 'Checking the installed package' });
    await packageBin(staging, identifier);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dirname(dir), { recursive: true });
    await rename(staging, dir);
    return { bin: await packageBin(dir, identifier) };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
