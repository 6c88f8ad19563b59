// `switchboard log …` through a fresh commander program (cli/main.ts registers it the same way).
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallLogEntrySchema } from '../../shared/call-log.ts';
import { CallLog, type CallRecord } from '../../electron/gateway/audit/call-log.ts';
import { parseMoment, registerLogCommands } from '../../electron/gateway/cli/log-command.ts';
import { callRecord } from '../helpers/call-records.ts';

/** The fourth call failed. */
const call = (i: number, overrides: Partial<CallRecord> = {}): CallRecord =>
  callRecord(i, {
    resultSummary: `result, ${i}`,
    ...(i === 3 ? { status: 'error', error: 'boom' } : {}),
    ...overrides,
  });

function run(args: string[], io: { stop?: AbortSignal } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        into.push(chunk.toString());
        done();
      },
    });
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerLogCommands(program, { out: sink(out), err: sink(err), pollMs: 20, ...io });
  const done = program.parseAsync(args, { from: 'user' });
  return { done, out: () => out.join(''), err: () => err.join('') };
}

const logs: CallLog[] = [];
function seeded(count: number): { dataDir: string; log: CallLog } {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-logcmd-'));
  const log = new CallLog({ dataDir });
  logs.push(log);
  for (let i = 0; i < count; i++) log.record(call(i));
  log.flush();
  return { dataDir, log };
}
afterEach(() => logs.splice(0).forEach((log) => log.close()));

describe('switchboard log export', () => {
  it('writes JSON Lines of the matching entries from a closed log', async () => {
    const { dataDir, log } = seeded(6);
    log.close();
    const cli = run(['log', 'export', '--data-dir', dataDir, '--server', 'fs', '--status', 'ok']);
    await cli.done;
    const entries = cli
      .out()
      .trimEnd()
      .split('\n')
      .map((line) => CallLogEntrySchema.parse(JSON.parse(line)));
    expect(entries.map((entry) => entry.arguments)).toEqual([
      { path: '/notes/0.md' },
      { path: '/notes/2.md' },
      { path: '/notes/4.md' },
    ]);
  });

  it('writes CSV to a private file while the gateway still has the log open', async () => {
    const { dataDir } = seeded(4);
    const file = join(dataDir, 'export.csv');
    const cli = run(['log', 'export', '--data-dir', dataDir, '--format', 'csv', '--out', file]);
    await cli.done;
    const lines = readFileSync(file, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^id,time,clientId,/);
    expect(lines[1]).toContain(',"result, 0",');
    expect(lines).toHaveLength(6); // header, 4 rows, and the empty string after the last CRLF
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(cli.err()).toBe(`exported 4 entries to ${file}\n`);
  });

  it('fails with exit code 2 when there is no log, and rejects bad filters', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'switchboard-logcmd-'));
    const missing = run(['log', 'export', '--data-dir', empty]);
    await expect(missing.done).rejects.toMatchObject({ exitCode: 2 });
    expect(missing.err()).toContain('no call log at');
    const bad = run(['log', 'export', '--data-dir', empty, '--status', 'fine']);
    await expect(bad.done).rejects.toBeInstanceOf(CommanderError);
    expect(bad.err()).toContain('unknown status "fine"');
  });

  it('reads moments as ISO dates, ms epochs or durations ago', () => {
    const now = Date.UTC(2026, 0, 2);
    expect(parseMoment('2026-01-01T00:00:00Z', now)).toBe(Date.UTC(2026, 0, 1));
    expect(parseMoment('1767225600000', now)).toBe(1767225600000);
    expect(parseMoment('2h', now)).toBe(now - 2 * 3_600_000);
    expect(() => parseMoment('yesterday-ish', now)).toThrow(/ISO date/);
  });
});

describe('switchboard log tail', () => {
  it('prints recent entries, then new ones as the gateway writes them, until stopped', async () => {
    const { dataDir, log } = seeded(3);
    const stop = new AbortController();
    const cli = run(['log', 'tail', '--data-dir', dataDir, '-n', '2', '--json'], {
      stop: stop.signal,
    });
    const paths = () =>
      cli
        .out()
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { arguments: { path: string } }).arguments.path);
    await vi.waitFor(() => expect(paths()).toEqual(['/notes/1.md', '/notes/2.md']));
    log.record(call(3));
    log.record(call(4));
    log.flush();
    await vi.waitFor(() => expect(paths()).toHaveLength(4));
    expect(paths().slice(2)).toEqual(['/notes/3.md', '/notes/4.md']);
    stop.abort();
    await cli.done;
  });

  it('applies filters, and waits for a log that does not exist yet', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-logcmd-'));
    const stop = new AbortController();
    const cli = run(['log', 'tail', '--data-dir', dataDir, '--status', 'error'], {
      stop: stop.signal,
    });
    await vi.waitFor(() => expect(cli.err()).toContain('waiting for'));
    const log = new CallLog({ dataDir });
    logs.push(log);
    for (let i = 0; i < 5; i++) log.record(call(i));
    log.flush();
    log.record(call(3, { server: 'later' }));
    log.flush();
    await vi.waitFor(() => expect(cli.out()).toContain('later'));
    const lines = cli.out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /Z {2}error {9}memory tools\/call read_file {2}5ms {2}Claude {2}boom$/,
    );
    stop.abort();
    await cli.done;
  });
});
