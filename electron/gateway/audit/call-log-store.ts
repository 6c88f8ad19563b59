/**
 * The call log on disk: one SQLite table in `<dataDir>/call-log.sqlite`, in WAL mode so the
 * CLI (`log export`, `log tail`) can read while the gateway writes. Rows are checked against
 * the shared schema on the way out, since the file is outside our control once written.
 *
 * Node's built-in `node:sqlite` (Node 24 and Electron's Node alike): no native module to build
 * on install or to rebuild for Electron's ABI.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  CallLogEntrySchema,
  CallLogQuerySchema,
  type CallLogEntry,
  type CallLogPage,
  type CallLogQuery,
  type CallLogQueryInput,
} from '../../../shared/call-log.ts';

export const CALL_LOG_FILE = 'call-log.sqlite';

export function callLogPath(dataDir: string): string {
  return join(dataDir, CALL_LOG_FILE);
}

/** The filters of a query, without paging. */
export type CallLogFilters = Omit<CallLogQuery, 'cursor' | 'limit'>;

/** Both limits apply; `maxRows` is at least 1 (the newest entry is always kept by the row cap). */
export type Retention = { maxAgeMs: number; maxRows: number };

const SCHEMA_VERSION = 3;

/** What each version adds to a file made by the one before it. */
const MIGRATIONS: Record<number, string> = {
  2: 'ALTER TABLE calls ADD COLUMN cached INTEGER', // 1 when the result came from the cache
  3: 'ALTER TABLE calls ADD COLUMN recipe_run TEXT',
};

// WITHOUT ROWID keeps rows clustered by id, which is also time order: paging is a range scan.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY,
    time INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    client_name TEXT NOT NULL,
    profile TEXT NOT NULL,
    session_id TEXT NOT NULL,
    server TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    arguments TEXT NOT NULL,
    result_size INTEGER NOT NULL,
    result_summary TEXT NOT NULL,
    duration_ms REAL NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    consent TEXT,
    cached INTEGER,
    recipe_run TEXT
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS calls_time ON calls (time);
  CREATE INDEX IF NOT EXISTS calls_client_id ON calls (client_id, id);
  CREATE INDEX IF NOT EXISTS calls_client_name ON calls (client_name, id);
  CREATE INDEX IF NOT EXISTS calls_server ON calls (server, id);
  CREATE INDEX IF NOT EXISTS calls_name ON calls (name, id);
  CREATE INDEX IF NOT EXISTS calls_status ON calls (status, id);
`;

/** The table's columns in their order (migrations append: the order never changes). */
const COLUMNS = [
  'id',
  'time',
  'client_id',
  'client_name',
  'profile',
  'session_id',
  'server',
  'kind',
  'name',
  'arguments',
  'result_size',
  'result_summary',
  'duration_ms',
  'status',
  'error',
  'consent',
  'cached',
  'recipe_run',
] as const satisfies readonly (keyof Row)[];

type Row = {
  id: string;
  time: number;
  client_id: string;
  client_name: string;
  profile: string;
  session_id: string;
  server: string;
  kind: string;
  name: string;
  arguments: string;
  result_size: number;
  result_summary: string;
  duration_ms: number;
  status: string;
  error: string | null;
  consent: string | null;
  cached: number | null;
  recipe_run: string | null;
};

export class CallLogStore {
  readonly file: string;
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  /** `readonly` opens an existing file without ever writing to it (the CLI's way in). */
  constructor(file: string, options: { readonly?: boolean } = {}) {
    this.file = file;
    // Read-only never creates the file: a missing log is an error the CLI reports.
    this.#db = new DatabaseSync(file, { readOnly: options.readonly ?? false });
    if (options.readonly) return;
    chmodSync(file, 0o600); // what clients sent is private; SQLite gives -wal and -shm the same mode
    // Must precede the first table so deleted pages can be handed back to the file system.
    this.#db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = NORMAL'); // durable across crashes of the process in WAL mode
    createOrUpgrade(this.#db, file);
  }

  static open(dataDir: string, options: { readonly?: boolean } = {}): CallLogStore {
    return new CallLogStore(callLogPath(dataDir), options);
  }

  /** Writes all entries in one transaction: either all of them land or none. */
  append(entries: readonly CallLogEntry[]): void {
    if (entries.length === 0) return;
    // Positional, in the table's column order: node:sqlite binds these in about half the time
    // named parameters take (8 vs 15 µs an entry, measured on this table).
    const insert = this.#statement(
      `INSERT INTO calls VALUES (${COLUMNS.map(() => '?').join(', ')})`,
    );
    this.#db.exec('BEGIN');
    try {
      for (const entry of entries) {
        const row = toRow(entry);
        insert.run(...COLUMNS.map((column) => row[column]));
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** One page of matching entries, newest first. */
  query(input: CallLogQueryInput): CallLogPage {
    const query = CallLogQuerySchema.parse(input);
    const { clauses, params } = filterSql(query);
    if (query.cursor !== undefined) {
      clauses.push('id < ?');
      params.push(query.cursor);
    }
    const rows = this.#statement(
      `SELECT * FROM calls ${whereOf(clauses)} ORDER BY id DESC LIMIT ?`,
    ).all(...params, query.limit + 1) as unknown as Row[];
    const entries = rows.slice(0, query.limit).map(fromRow);
    const more = rows.length > query.limit;
    return more ? { entries, nextCursor: entries.at(-1)!.id } : { entries };
  }

  /** Matching entries logged after `id` (all of them when undefined), oldest first. */
  after(id: string | undefined, filters: CallLogFilters = {}, limit = 500): CallLogEntry[] {
    const { clauses, params } = filterSql(filters);
    if (id !== undefined) {
      clauses.push('id > ?');
      params.push(id);
    }
    const rows = this.#statement(
      `SELECT * FROM calls ${whereOf(clauses)} ORDER BY id ASC LIMIT ?`,
    ).all(...params, limit) as unknown as Row[];
    return rows.map(fromRow);
  }

  /** Every matching entry, oldest first, read in pages so memory stays flat. */
  *scan(filters: CallLogFilters = {}, pageSize = 500): Generator<CallLogEntry> {
    let last: string | undefined;
    for (;;) {
      const page = this.after(last, filters, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      last = page.at(-1)!.id;
    }
  }

  lastId(): string | undefined {
    const row = this.#statement('SELECT max(id) AS id FROM calls').get() as unknown as {
      id: string | null;
    };
    return row.id ?? undefined;
  }

  count(): number {
    return (this.#statement('SELECT count(*) AS n FROM calls').get() as unknown as { n: number }).n;
  }

  /** Deletes entries older than `maxAgeMs`, then the oldest beyond `maxRows`; returns how many. */
  retain({ maxAgeMs, maxRows }: Retention, now = Date.now()): number {
    let deleted = Number(
      this.#statement('DELETE FROM calls WHERE time < ?').run(now - maxAgeMs).changes,
    );
    // The oldest entry we keep; everything before it goes.
    const oldestKept = this.#statement(
      'SELECT id FROM calls ORDER BY id DESC LIMIT 1 OFFSET ?',
    ).get(Math.max(0, maxRows - 1)) as unknown as { id: string } | undefined;
    if (oldestKept)
      deleted += Number(
        this.#statement('DELETE FROM calls WHERE id < ?').run(oldestKept.id).changes,
      );
    if (deleted > 0) this.#db.exec('PRAGMA incremental_vacuum');
    return deleted;
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** The first column of a one-row query. */
function scalar(db: DatabaseSync, sql: string): unknown {
  return Object.values(db.prepare(sql).get() ?? {})[0];
}

/** Makes the table, or brings a file from an older version up to this one in one transaction. */
function createOrUpgrade(db: DatabaseSync, file: string): void {
  const found = Number(scalar(db, 'PRAGMA user_version'));
  const fresh = scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'calls'") === 0;
  if (!fresh && found > SCHEMA_VERSION)
    throw new Error(
      `${file} is from a newer Switchboard (call log version ${found}, this one reads ${SCHEMA_VERSION})`,
    );
  db.exec('BEGIN');
  db.exec(SCHEMA);
  if (!fresh)
    for (let version = Math.max(found, 1) + 1; version <= SCHEMA_VERSION; version++)
      db.exec(MIGRATIONS[version]!);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  db.exec('COMMIT');
}

function whereOf(clauses: string[]): string {
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

type SqlValue = string | number | null;

function filterSql(filters: CallLogFilters): { clauses: string[]; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, ...values: SqlValue[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (filters.client !== undefined)
    add('(client_id = ? OR client_name = ?)', filters.client, filters.client);
  if (filters.server !== undefined) add('server = ?', filters.server);
  if (filters.tool !== undefined) add('name = ?', filters.tool);
  if (filters.kind !== undefined) add('kind = ?', filters.kind);
  if (filters.status !== undefined) {
    const statuses = [filters.status].flat();
    add(`status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
  }
  if (filters.since !== undefined) add('time >= ?', filters.since);
  if (filters.until !== undefined) add('time < ?', filters.until);
  if (filters.text) {
    const like = `%${filters.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const columns = ['name', 'arguments', 'result_summary', 'error'];
    add(
      `(${columns.map((column) => `${column} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
      ...columns.map(() => like),
    );
  }
  return { clauses, params };
}

function toRow(entry: CallLogEntry): Row {
  return {
    id: entry.id,
    time: entry.time,
    client_id: entry.clientId,
    client_name: entry.clientName,
    profile: entry.profile,
    session_id: entry.sessionId,
    server: entry.server,
    kind: entry.kind,
    name: entry.name,
    arguments: JSON.stringify(entry.arguments ?? null),
    result_size: entry.resultSize,
    result_summary: entry.resultSummary,
    duration_ms: entry.durationMs,
    status: entry.status,
    error: entry.error ?? null,
    consent: entry.consent ? JSON.stringify(entry.consent) : null,
    cached: entry.cached ? 1 : null,
    recipe_run: entry.recipeRun ?? null,
  };
}

function fromRow(row: Row): CallLogEntry {
  const parsed = CallLogEntrySchema.safeParse({
    id: row.id,
    time: row.time,
    clientId: row.client_id,
    clientName: row.client_name,
    profile: row.profile,
    sessionId: row.session_id,
    server: row.server,
    kind: row.kind,
    name: row.name,
    arguments: parseJson(row.arguments),
    resultSize: row.result_size,
    resultSummary: row.result_summary,
    durationMs: row.duration_ms,
    status: row.status,
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.consent !== null ? { consent: parseJson(row.consent) } : {}),
    ...(row.cached ? { cached: true } : {}),
    ...(row.recipe_run !== null ? { recipeRun: row.recipe_run } : {}),
  });
  if (!parsed.success)
    throw new Error(`call log entry ${row.id} is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // the schema check then names the entry
  }
}
