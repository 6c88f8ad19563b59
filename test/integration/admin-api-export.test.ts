/**
 * `GET /api/log/export`: every matching call log entry (well beyond one page of `log:query`)
 * as JSON Lines or CSV, parsed back to what the log holds; filters applied; the admin token or
 * a dashboard session cookie required; a bad filter refused with 400 naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLogEntrySchema, type CallLogEntry } from '../../shared/call-log.ts';
import { CSV_COLUMNS } from '../../electron/gateway/audit/call-log-export.ts';
import { eventually } from '../fixtures/probe.ts';
import { bearer, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { parseCsv } from '../helpers/parse-csv.ts';

/** More than `log:query` answers at once (1000): the export must not stop at a page. */
const BULK = 1_100;

describe('call log export over HTTP', () => {
  let harness: Harness;
  let admin: Record<string, string>;

  const exportUrl = (query: string) => `${harness.url}/api/log/export?${query}`;
  /** Oldest first, as the export writes them. */
  const expected = (query: Parameters<Harness['gateway']['trust']['callLog']['query']>[0] = {}) =>
    harness.gateway.trust.callLog.query({ ...query, limit: 1000 }).entries.reverse();

  async function download(query: string, headers = admin): Promise<Response> {
    const response = await fetch(exportUrl(query), { headers });
    expect(response.status).toBe(200);
    return response;
  }

  async function jsonl(query: string): Promise<CallLogEntry[]> {
    const text = await (await download(`format=jsonl&${query}`)).text();
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => CallLogEntrySchema.parse(JSON.parse(line)));
  }

  beforeAll(async () => {
    harness = await startGateway([servers.everything()]);
    admin = bearer(harness.gateway.adminToken);
    const alice = await harness.connect({ token: harness.addClient('alice') });
    const bob = await harness.connect({ token: harness.addClient('bob') });
    await alice.callTool({ name: 'everything__echo', arguments: { message: 'hello, "world"\n' } });
    await alice.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
    await bob.callTool({ name: 'everything__echo', arguments: { message: 'from bob' } });
    // Wrong arguments: the server refuses, and the log says "error".
    await bob
      .callTool({ name: 'everything__get-sum', arguments: { a: 'two' } })
      .catch(() => undefined);
    const log = harness.gateway.trust.callLog;
    await eventually(() => expect(log.query({ limit: 10 }).entries).toHaveLength(4));
    // A long history, recorded straight into the log.
    for (let i = 0; i < BULK; i++)
      log.record({
        clientId: 'c-bulk',
        clientName: 'bulk',
        profile: 'default',
        sessionId: 's-bulk',
        server: 'archive',
        kind: 'tools/call',
        name: 'store',
        arguments: { i },
        durationMs: 1,
        status: 'ok',
      });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('streams every entry as JSON Lines, oldest first, as a download', async () => {
    const response = await download('format=jsonl');
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson\b/);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="switchboard-calls-[\d-T]+\.jsonl"$/,
    );
    const entries = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => CallLogEntrySchema.parse(JSON.parse(line)));
    expect(entries).toHaveLength(BULK + 4);
    const real = entries.filter((entry) => entry.server === 'everything');
    expect(real.map((entry) => [entry.clientName, entry.name])).toEqual([
      ['alice', 'echo'],
      ['alice', 'get-sum'],
      ['bob', 'echo'],
      ['bob', 'get-sum'],
    ]);
    expect(real[0]!.arguments).toEqual({ message: 'hello, "world"\n' });
    expect(real[3]!.status).toBe('error');
    const ids = entries.map((entry) => entry.id);
    expect(ids).toEqual(ids.slice().sort());
  });

  it('writes CSV with the CLI export columns, parsed back to the same entries', async () => {
    const response = await download('format=csv&server=everything');
    expect(response.headers.get('content-type')).toMatch(/^text\/csv\b/);
    expect(response.headers.get('content-disposition')).toMatch(/\.csv"$/);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual([...CSV_COLUMNS]);
    const want = expected({ server: 'everything' });
    expect(rows).toHaveLength(want.length);
    rows.forEach((row, i) => {
      const record = Object.fromEntries(header!.map((column, j) => [column, row[j]]));
      const entry = want[i]!;
      expect(record).toMatchObject({
        id: entry.id,
        time: new Date(entry.time).toISOString(),
        clientName: entry.clientName,
        name: entry.name,
        status: entry.status,
        resultSummary: entry.resultSummary,
        error: entry.error ?? '',
      });
      expect(JSON.parse(record.arguments!)).toEqual(entry.arguments);
    });
  });

  it('applies the filters: client, tool, kind, status (repeated or comma-separated), time, text', async () => {
    const ids = (entries: CallLogEntry[]) => entries.map((entry) => entry.id);
    expect(ids(await jsonl('client=alice'))).toEqual(ids(expected({ client: 'alice' })));
    expect(await jsonl('client=alice&tool=echo')).toHaveLength(1);
    expect(await jsonl('status=error')).toEqual(expected({ status: 'error' }));
    expect(await jsonl('status=error,ok')).toHaveLength(BULK + 4);
    expect(await jsonl('status=error&status=denied')).toHaveLength(1);
    expect(await jsonl('kind=prompts/get')).toEqual([]);
    expect(ids(await jsonl('text=WORLD'))).toEqual(ids(expected({ text: 'world' })));
    const bob = expected({ client: 'bob' })[0]!;
    expect(ids(await jsonl(`since=${bob.time}&server=everything`))).toEqual(
      ids(expected({ since: bob.time, server: 'everything' })),
    );
    expect(await jsonl(`until=${bob.time}&client=bulk`)).toEqual([]);
    // An empty value means "any", as in the dashboard's filter bar.
    expect(await jsonl('client=&server=archive')).toHaveLength(BULK);
  });

  it('refuses a bad filter with 400 naming it', async () => {
    const refused = async (query: string) => {
      const response = await fetch(exportUrl(query), { headers: admin });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { ok: false; error: { message: string } };
      expect(body).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
      return body.error.message;
    };
    expect(await refused('format=xml')).toMatch(/^format: /);
    expect(await refused('status=bogus')).toMatch(/^status/);
    expect(await refused('since=yesterday')).toMatch(/^since: /);
    expect(await refused('kind=tools')).toMatch(/^kind: /);
    expect(await refused('limit=5')).toMatch(/^limit: unknown filter/);
    const post = await fetch(exportUrl('format=csv'), { method: 'POST', headers: admin });
    expect(post.status).toBe(405);
    await post.body?.cancel();
  });

  it('needs the admin token or a dashboard session: 401 without, and with a client token', async () => {
    const none = await fetch(exportUrl('format=csv'));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const client = await fetch(exportUrl('format=csv'), { headers: harness.auth });
    expect(client.status).toBe(401);
    await client.body?.cancel();

    const login = await fetch(harness.gateway.createLoginUrl(), { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const viaCookie = await download('format=jsonl&client=alice', { cookie });
    expect((await viaCookie.text()).trimEnd().split('\n')).toHaveLength(2);
  });
});
