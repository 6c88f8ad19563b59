/**
 * The programs an install runs its server with: `uvx` for PyPI packages, `docker` or `podman`
 * for OCI images. Looked up on PATH before anything is saved, so a missing runtime is said at
 * install time, with what to install, not as a failed start later.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The full path of `command` on `path`, or undefined. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  const names =
    process.platform === 'win32' ? [`${command}.exe`, `${command}.cmd`, command] : [command];
  for (const dir of path.split(delimiter).filter(Boolean))
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  return undefined;
}

export const RUNTIME_HELP = {
  uvx: 'install uv (https://docs.astral.sh/uv/getting-started/installation/), which provides uvx',
  docker: 'install Docker (https://docs.docker.com/get-docker/) or Podman (https://podman.io)',
} as const;

/** `uvx`, or an error naming what to install. */
export function requireUvx(path?: string): string {
  if (findOnPath('uvx', path)) return 'uvx';
  throw new Error(`PyPI servers run with uvx, which is not installed: ${RUNTIME_HELP.uvx}`);
}

/** `docker` or else `podman`, or an error naming what to install. */
export function requireContainerRuntime(path?: string): 'docker' | 'podman' {
  if (findOnPath('docker', path)) return 'docker';
  if (findOnPath('podman', path)) return 'podman';
  throw new Error(
    `OCI images run with docker or podman, and neither is installed: ${RUNTIME_HELP.docker}`,
  );
}
