/**
 * Remembers which child process groups this gateway started, in a file per gateway process,
 * so that children orphaned by a hard kill (`kill -9` of the gateway) are reaped on next start.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const EntrySchema = z.object({
  pid: z.number().int().positive(),
  startTime: z.string(),
  command: z.string(),
});
const FileSchema = z.array(EntrySchema);
type Entry = z.infer<typeof EntrySchema>;

/** Field 22 of /proc/PID/stat: when the process started, so a reused pid is never mistaken for ours. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ChildRegistry {
  readonly #dir: string;
  readonly #file: string;
  readonly #entries = new Map<number, Entry>();

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'run');
    this.#file = join(this.#dir, `children-${process.pid}.json`);
  }

  add(pid: number, command: string): void {
    this.#entries.set(pid, { pid, startTime: processStartTime(pid) ?? '', command });
    this.#save();
  }

  remove(pid: number): void {
    if (this.#entries.delete(pid)) this.#save();
  }

  /** Kills the process groups left behind by gateways that are no longer running. Returns the pids reaped. */
  reapOrphans(): number[] {
    if (!existsSync(this.#dir)) return [];
    const reaped: number[] = [];
    for (const name of readdirSync(this.#dir)) {
      const owner = Number(/^children-(\d+)\.json$/.exec(name)?.[1]);
      if (!owner || owner === process.pid || isAlive(owner)) continue;
      const file = join(this.#dir, name);
      for (const entry of this.#read(file)) {
        const startTime = processStartTime(entry.pid);
        const same =
          startTime === undefined
            ? isAlive(entry.pid) && process.platform !== 'linux'
            : startTime === entry.startTime;
        if (!same) continue;
        try {
          process.kill(-entry.pid, 'SIGKILL');
          reaped.push(entry.pid);
        } catch {
          // Already gone between the check and the kill.
        }
      }
      rmSync(file, { force: true });
    }
    return reaped;
  }

  #read(file: string): Entry[] {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  #save(): void {
    mkdirSync(this.#dir, { recursive: true });
    if (this.#entries.size === 0) {
      rmSync(this.#file, { force: true });
      return;
    }
    writeFileSync(this.#file, JSON.stringify([...this.#entries.values()]));
  }
}
