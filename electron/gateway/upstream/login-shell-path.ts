import { execFile } from 'node:child_process';

/**
 * Apps started from a desktop session inherit a minimal PATH (no nvm, Homebrew or ~/.local),
 * so `npx`/`uvx` fail with ENOENT. Ask the user's login shell for its PATH once.
 * Returns undefined when the shell cannot tell (then the current PATH stays).
 */
export function resolveLoginShellPath(
  shell = process.env.SHELL,
  timeoutMs = 5000,
): Promise<string | undefined> {
  if (!shell || process.platform === 'win32') return Promise.resolve(undefined);
  const marker = '__SWITCHBOARD_PATH__';
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-ilc', `printf '%s%s%s' '${marker}' "$PATH" '${marker}'`],
      { timeout: timeoutMs, encoding: 'utf8', env: { ...process.env, TERM: 'dumb' } },
      (error, stdout) => {
        // Interactive shells may print banners; the markers fence off the value.
        const match = new RegExp(`${marker}(.*?)${marker}`, 's').exec(stdout ?? '');
        resolve(error || !match?.[1] ? undefined : match[1]);
      },
    );
  });
}

/** Joins the login PATH in front of the current one, keeping each directory once. */
export function mergePaths(
  loginPath: string | undefined,
  currentPath = process.env.PATH ?? '',
): string {
  const seen = new Set<string>();
  return [...(loginPath ?? '').split(':'), ...currentPath.split(':')]
    .filter((dir) => dir && !seen.has(dir) && seen.add(dir))
    .join(':');
}
