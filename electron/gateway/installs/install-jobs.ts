/**
 * Installs in progress and just finished, for the dashboard: each step is published as an
 * `InstallProgress` (phase, fraction, the newest npm lines), and the last few jobs stay
 * listed so a page opened mid-install picks it up.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { InstallProgress } from '../../../shared/install.ts';
import type { NpmProgress } from './npm-install.ts';

const KEPT_JOBS = 20;
const KEPT_LINES = 8;

export class InstallJobs {
  readonly #jobs = new Map<string, InstallProgress>();
  readonly #events = new EventEmitter();

  list(): InstallProgress[] {
    return [...this.#jobs.values()];
  }

  onProgress(listener: (progress: InstallProgress) => void): () => void {
    this.#events.on('progress', listener);
    return () => this.#events.off('progress', listener);
  }

  #publish(progress: InstallProgress): void {
    this.#jobs.delete(progress.id);
    this.#jobs.set(progress.id, progress);
    while (this.#jobs.size > KEPT_JOBS) this.#jobs.delete(this.#jobs.keys().next().value!);
    this.#events.emit('progress', progress);
  }

  /** Runs `work` as a job: its progress callback feeds the job; the end is `done` or `failed`. */
  run(
    server: string,
    work: (onProgress: (progress: NpmProgress) => void) => Promise<unknown>,
  ): string {
    const id = randomUUID();
    let current: InstallProgress = { id, server, phase: 'resolving', lines: [] };
    const update = (change: Partial<InstallProgress>, line?: string) => {
      const lines = line ? [...current.lines, line].slice(-KEPT_LINES) : current.lines;
      current = { ...current, ...change, lines };
      this.#publish(current);
    };
    update({});
    void work((progress) =>
      update(
        {
          phase: progress.phase,
          ...(progress.fraction !== undefined ? { fraction: progress.fraction } : {}),
        },
        progress.line,
      ),
    ).then(
      () => update({ phase: 'done', fraction: 1 }),
      (error: Error) => update({ phase: 'failed', error: error.message }, error.message),
    );
    return id;
  }
}
