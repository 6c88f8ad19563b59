/**
 * `switchboard log export|tail`: reads the call log file directly and read-only, so it works
 * whether or not a gateway is running (WAL mode lets it read while the gateway writes).
 */
import { createWriteStream, existsSync, watch, type FSWatcher } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CALL_KINDS, CALL_STATUSES, type CallLogEntry } from '../../../shared/call-log.ts';
import { EXPORT_FORMATS, writeEntries, type ExportFormat } from '../audit/call-log-export.ts';
import {
  CALL_LOG_FILE,
  CallLogStore,
  callLogPath,
  type CallLogFilters,
} from '../audit/call-log-store.ts';
import { defaultDataDir } from '../config/data-dir.ts';

export type LogCommandIO = {
  out: Writable;
  err: Writable;
  /** Ends `log tail` (besides Ctrl+C); tests use it. */
  stop?: AbortSignal;
  /** The fallback poll of `log tail`, in case file watching misses a write. */
  pollMs: number;
};

type FilterOptions = {
  dataDir: string;
  client?: string;
  server?: string;
  tool?: string;
  kind?: CallLogFilters['kind'];
  status?: NonNullable<CallLogFilters['status']>;
  since?: number;
  until?: number;
  text?: string;
};

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A moment: ms since the epoch, an ISO date, or a duration ago ("30m", "2h", "7d"). */
export function parseMoment(value: string, now = Date.now()): number {
  if (/^\d{10,}$/.test(value)) return Number(value);
  const ago = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value);
  if (ago) return Math.round(now - Number(ago[1]) * UNITS_MS[ago[2]!]!);
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed))
    throw new InvalidArgumentError('use an ISO date, ms since the epoch, or e.g. 30m, 2h, 7d');
  return parsed;
}

function parseStatuses(value: string, previous: string[] = []): string[] {
  const statuses = value.split(',').map((status) => status.trim());
  const unknown = statuses.find((status) => !(CALL_STATUSES as readonly string[]).includes(status));
  if (unknown !== undefined)
    throw new InvalidArgumentError(`unknown status "${unknown}" (${CALL_STATUSES.join(', ')})`);
  return [...previous, ...statuses];
}

function withFilters(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'data dir of the gateway', defaultDataDir())
    .option('--client <client>', 'only calls from this client (id or name)')
    .option('--server <name>', 'only calls to this server')
    .option('--tool <name>', 'only calls of this tool or prompt, or reads of this resource URI')
    .addOption(new Option('--kind <kind>', 'only this kind of entry').choices(CALL_KINDS))
    .option('--status <status>', 'only these statuses (comma-separated, repeatable)', parseStatuses)
    .option('--since <when>', 'from this moment (ISO date, ms epoch, or 30m/2h/7d ago)', (v) =>
      parseMoment(v),
    )
    .option('--until <when>', 'before this moment', (v) => parseMoment(v))
    .option('--text <text>', 'only entries whose name, arguments, summary or error contain this');
}

function filtersOf({ dataDir: _dataDir, ...filters }: FilterOptions): CallLogFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as CallLogFilters;
}

/** One readable line per entry for `log tail`. */
export function formatTailLine(entry: CallLogEntry): string {
  const detail = entry.error ?? entry.resultSummary;
  return [
    new Date(entry.time).toISOString(),
    entry.status.padEnd(12),
    `${entry.server} ${entry.kind} ${entry.name}`,
    `${Math.round(entry.durationMs)}ms`,
    entry.clientName,
    detail,
  ]
    .join('  ')
    .trimEnd();
}

export function registerLogCommands(program: Command, io: Partial<LogCommandIO> = {}): Command {
  const { out = process.stdout, err = process.stderr, stop, pollMs = 1000 } = io;
  const log = program.command('log').description('read the audited call log');

  withFilters(log.command('export'))
    .description('write matching call log entries, oldest first, as JSON Lines or CSV')
    .addOption(
      new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('jsonl'),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async function (
      this: Command,
      options: FilterOptions & { format: ExportFormat; out?: string },
    ) {
      const file = callLogPath(options.dataDir);
      if (!existsSync(file)) this.error(`switchboard: no call log at ${file}`, { exitCode: 2 });
      const store = CallLogStore.open(options.dataDir, { readonly: true });
      try {
        // The log holds what clients sent: keep the export private to this user.
        const target = options.out ? createWriteStream(options.out, { mode: 0o600 }) : out;
        const count = await writeEntries(store.scan(filtersOf(options)), options.format, target);
        if (options.out) {
          target.end();
          await finished(target);
          err.write(`exported ${count} entries to ${options.out}\n`);
        }
      } finally {
        store.close();
      }
    });

  withFilters(log.command('tail'))
    .description('print call log entries as they are recorded (Ctrl+C stops)')
    .option('-n, --lines <n>', 'show this many recent entries first', (v) => lineCount(v), 10)
    .option('--json', 'print JSON Lines instead of text')
    .action(async (options: FilterOptions & { lines: number; json?: boolean }) => {
      const print = (entry: CallLogEntry) =>
        out.write(options.json ? `${JSON.stringify(entry)}\n` : `${formatTailLine(entry)}\n`);
      await tail(options.dataDir, filtersOf(options), options.lines, print, { err, stop, pollMs });
    });

  return log;
}

function lineCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new InvalidArgumentError('must be a whole number from 0 to 1000');
  return n;
}

/** Follows the log until Ctrl+C (or `stop`): file events trigger a read, a slow poll backs them up. */
async function tail(
  dataDir: string,
  filters: CallLogFilters,
  backlog: number,
  print: (entry: CallLogEntry) => void,
  io: Pick<LogCommandIO, 'err' | 'stop' | 'pollMs'>,
): Promise<void> {
  let store: CallLogStore | undefined;
  let lastId: string | undefined;
  let watcher: FSWatcher | undefined;
  let done!: (error?: Error) => void;
  const ended = new Promise<void>((resolve, reject) => {
    done = (error) => (error ? reject(error) : resolve());
  });

  const open = (): boolean => {
    if (store) return true;
    if (!existsSync(callLogPath(dataDir))) return false;
    let opened: CallLogStore | undefined;
    try {
      opened = CallLogStore.open(dataDir, { readonly: true });
      lastId = opened.lastId();
      const recent = backlog > 0 ? opened.query({ ...filters, limit: backlog }).entries : [];
      for (const entry of recent.reverse()) print(entry);
      store = opened;
      return true;
    } catch {
      opened?.close();
      return false; // the gateway is still creating the file; try again on the next event
    }
  };
  const read = () => {
    if (!open()) return;
    try {
      for (;;) {
        const entries = store!.after(lastId, filters);
        for (const entry of entries) print(entry);
        if (entries.length > 0) lastId = entries.at(-1)!.id;
        if (entries.length < 500) return;
      }
    } catch (error) {
      if (!/^SQLITE_BUSY/.test((error as { code?: string }).code ?? '')) done(error as Error);
    }
  };
  const finish = () => done();

  if (!open()) io.err.write(`waiting for ${callLogPath(dataDir)} to appear…\n`);
  try {
    watcher = watch(dataDir, (_event, name) => {
      if (!name || name.startsWith(CALL_LOG_FILE)) read();
    });
    watcher.on('error', () => {}); // the poll still covers us
  } catch {} // no such dir yet, or no watching here: the poll alone will do
  const timer = setInterval(read, io.pollMs);
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);
  io.stop?.addEventListener('abort', finish, { once: true });
  if (io.stop?.aborted) finish();
  try {
    await ended;
  } finally {
    process.off('SIGINT', finish);
    process.off('SIGTERM', finish);
    io.stop?.removeEventListener('abort', finish);
    watcher?.close();
    clearInterval(timer);
    store?.close();
  }
}
