/**
 * Writing another app's config file safely: a timestamped copy next to it first, then the new
 * content through a temp file and a rename (readers never see half a file), keeping its mode.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname } from 'node:path';

export const BACKUP_MARK = '.switchboard-backup-';

/** `2026-12-07T06-40-00Z`: sortable, and legal in file names on every OS. */
export function backupStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
}

/** The file's text, or undefined when there is no such file. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Copies the file to `<file>.switchboard-backup-<stamp>` (never over an older backup). */
export async function backupFile(file: string, now: Date = new Date()): Promise<string> {
  const base = `${file}${BACKUP_MARK}${backupStamp(now)}`;
  const { mode } = await stat(file);
  for (let attempt = 1; ; attempt += 1) {
    const backup = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await copyFile(file, backup, constants.COPYFILE_EXCL);
      // A backup may hold secrets: it is no more readable than the file itself.
      await chmod(backup, mode & 0o777);
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

/** Writes `content` atomically, keeping the file's mode (new files: 0600). */
export async function writeFileAtomically(
  file: string,
  content: string | Uint8Array,
): Promise<void> {
  const mode = await stat(file).then(
    (info) => info.mode & 0o777,
    () => 0o600,
  );
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Creates the file's directory; returns the topmost directory it had to create, if any. */
export async function ensureParentDir(file: string): Promise<string | undefined> {
  return mkdir(dirname(file), { recursive: true });
}

/** Removes the directories `ensureParentDir` created, as long as they are empty. */
export async function removeCreatedDirs(file: string, topmost: string): Promise<void> {
  // Only directories at or below `topmost` are ours to remove.
  for (let dir = dirname(file); dir.startsWith(topmost); dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return; // not empty (someone put files there since), or already gone
    }
    if (dir === topmost) return;
  }
}
