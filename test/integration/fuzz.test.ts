/**
 * A bounded, deterministic fuzz of everything the gateway's listener serves: the MCP endpoints
 * (/mcp, /mcp/servers/<name>, /sse, /messages), the admin API (/api/*, /login) and /healthz.
 * Malformed JSON, huge strings, wrong types in every params field of the gated methods, path
 * tricks in names and URIs, header injection over raw sockets, absurd session ids, wrong
 * methods. Every answer must be a deliberate one (never 5xx, never a hang, JSON when it says
 * JSON, errors where the request was wrong), and afterwards the gateway must be as it was:
 * same child, sessions back to where they were, nothing new on disk, and a call log holding
 * exactly the well-formed gated calls.
 *
 * The case list is generated up front from a seeded PRNG (FUZZ_SEED overrides the seed), so a
 * failure names the seed and the case numbers that reproduce it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogEntry } from '../../shared/call-log.ts';
import { bearer, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { eventually } from '../fixtures/probe.ts';
import { filesUnder, jsonOf, trustProbe } from '../fixtures/trust-probe.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_b0a2);
const CASES = 3500;
const PARALLEL = 8;
const MAX_BODY = 32 * 1024;
/** No answer may take longer than this: a hang is a finding. */
const ANSWER_MS = 5_000;
const VERSION = '2025-11-25';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    let roll = this.next() * entries.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, value] of entries) if ((roll -= weight) < 0) return value;
    return entries.at(-1)![1];
  }
}

/** Names and URIs that try to escape, collide or confuse (none names a real tool: no "hold"). */
const TRICKS = [
  '../',
  '../../etc/passwd',
  '..%2f..%2fetc',
  '%2e%2e',
  '%2e%2e%2f',
  '..\\..\\windows',
  '\u0000',
  'probe\u0000echo',
  '%00',
  '\u202eohce',
  'ech\u00f6',
  '\ud83d\ude00',
  '\ud800',
  'e\u0301cho',
  '__',
  '____',
  'probe__',
  '__echo',
  'probe____echo',
  'probe__echo__',
  'probe__../echo',
  'PROBE__ECHO',
  'probe__%65cho',
  'probe/echo',
  'echo ',
  ' echo',
  'echo\r\nX-Injected: yes',
  '',
  '.',
  '..',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'a'.repeat(3000),
  'switchboard://probe/../../etc/passwd',
  'switchboard://../probe/x',
  'switchboard:///probe',
  'switchboard://probe',
  'switchboard://probe/',
  'switchboard://PROBE/probe://info',
  'switchboard://other/probe://info',
  'file:///etc/passwd',
  'probe://info/../info',
  'probe://info%00',
  'http://127.0.0.1/',
];

/** encodeURIComponent, except that a lone surrogate becomes the bytes it would have been. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
}

function randomString(rng: Rng, max = 40): string {
  const alphabets = [
    'abcdefghijklmnopqrstuvwxyz_-',
    '0123456789',
    '/\\.%:?#&=@!$\'"`{}[]<>| \t',
    '\u0000\u0001\u001f\u007f\r\n',
    '\u00e9\u00fc\u4e2d\u6587\u202e\u200b\ufeff\ud83d\ude00\ud800',
  ];
  let text = '';
  const length = rng.int(max + 1);
  for (let i = 0; i < length; i++) {
    const alphabet = rng.weighted([
      [8, alphabets[0]!],
      [2, alphabets[1]!],
      [2, alphabets[2]!],
      [1, alphabets[3]!],
      [1, alphabets[4]!],
    ]);
    text += [...alphabet][rng.int([...alphabet].length)];
  }
  return text;
}

function randomValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(depth > 2 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 31), 1e308, -0, 42]);
    case 3:
      return randomString(rng);
    case 4:
      return rng.pick(TRICKS);
    case 5:
      return rng.chance(0.1) ? 'x'.repeat(2000 + rng.int(4000)) : randomString(rng, 8);
    case 6:
    case 7: {
      const object: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--)
        object[rng.chance(0.2) ? rng.pick(TRICKS) : randomString(rng, 10)] = randomValue(
          rng,
          depth + 1,
        );
      return object;
    }
    default:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
  }
}

/** A JSON value that is not a plain object. */
const notAnObject = (rng: Rng) =>
  rng.pick([null, 5, -1, 'text', '', true, false, [], [1, 2], ['name'], 1.5]);
/** A JSON value that is not a string. */
const notAString = (rng: Rng) => rng.pick([null, 5, 0, true, {}, [], ['echo'], { name: 'x' }]);

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

// ---------------------------------------------------------------------------------------------
// Cases

type Target = {
  /** Which pre-opened session: the path, its headers and whose it is. */
  path: string;
  headers: Record<string, string>;
  aggregate: boolean;
};

type Expect = {
  /** `${kind} ${name}`: the call-log entry this well-formed gated call must leave. */
  logged?: string;
  /** The JSON-RPC answer must be an error (with this code when given). */
  rpcError?: number | true;
  /** The JSON-RPC answer must be a result. */
  rpcResult?: boolean;
  /** Allowed HTTP statuses (default: anything below 500). */
  status?: number[];
  /** A raw-socket case: the server may also just close the connection. */
  mayClose?: boolean;
  /** The server itself answers with an internal error (the fixture's "boom"). */
  internalOk?: boolean;
};

type Case = { label: string; expect: Expect; send: () => Promise<Outcome> };

type Outcome = {
  status: number | 'closed';
  contentType: string;
  body: string;
  headerNames: string[];
  /** For JSON-RPC requests: the request's id, to check the answer's. */
  id?: string | number;
  /** Sessions this request opened (to be deleted at the end). */
  opened?: { sessionId: string; auth: Record<string, string> }[];
  /** The Mcp-Session-Id a raw answer carried. */
  sessionId?: string;
  /** Answers that arrived on an SSE stream (legacy transport). */
  streamed?: { id: unknown; error?: unknown; result?: unknown }[];
  /** Expectations for the streamed answers, by request id. */
  streamedExpect?: Map<unknown, Expect>;
};

let harness: Harness;
let port: number;
const auth = { default: {} as Record<string, string>, limited: {} as Record<string, string> };
const targets: Target[] = [];
let probePid: number;
let sessionsBefore: number;
let diskBefore: Map<string, string>;
const outcomes: { index: number; label: string; expect: Expect; outcome: Outcome }[] = [];

const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};
const INIT = (params: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: VERSION,
    capabilities: {},
    clientInfo: { name: 'fuzz', version: '1' },
    ...params,
  },
});

async function readOutcome(response: Response, streamOk: boolean): Promise<Outcome> {
  const contentType = response.headers.get('content-type') ?? '';
  let body = '';
  if (streamOk && contentType.startsWith('text/event-stream')) {
    await response.body?.cancel(); // a long-lived stream: its opening is the answer
  } else {
    body = await response.text();
  }
  return {
    status: response.status,
    contentType,
    body,
    headerNames: [...response.headers.keys()],
  };
}

/** One HTTP request with a deadline; GET streams are cancelled once they open. */
async function http(
  path: string,
  init: RequestInit & { headers?: Record<string, string> },
): Promise<Outcome> {
  const response = await fetch(`${harness.url}${path}`, {
    ...init,
    signal: AbortSignal.timeout(ANSWER_MS),
  });
  const outcome = await readOutcome(response, (init.method ?? 'GET') === 'GET');
  const sessionId = response.headers.get('mcp-session-id');
  if (sessionId && !targets.some((target) => target.headers['mcp-session-id'] === sessionId)) {
    const authorization = init.headers?.authorization;
    outcome.opened = [{ sessionId, auth: authorization ? { authorization } : {} }];
  }
  return outcome;
}

/** Raw bytes over TCP, for what fetch will not send; the socket is half-closed after writing. */
function raw(request: Buffer | string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    socket.setTimeout(ANSWER_MS, () => {
      socket.destroy();
      reject(new Error('no answer and no close in time'));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {}); // a reset is one way of refusing: judged by what came back
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      const head = text.slice(0, Math.max(0, text.indexOf('\r\n\r\n')));
      const headerNames = head
        .split('\r\n')
        .slice(1)
        .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
      const sessionId = /\r\nmcp-session-id: ([^\r]*)/i.exec(head)?.[1];
      resolve({
        status: status ? Number(status) : 'closed',
        contentType: /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1] ?? '',
        body: text.slice(head.length + 4),
        headerNames,
        ...(sessionId ? { sessionId } : {}),
      });
    });
  });
}

function rawRequest(
  method: string,
  path: string,
  headers: string[],
  body = '',
  { length = true } = {},
): string {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    ...headers,
    ...(length ? [`content-length: ${Buffer.byteLength(body)}`] : []),
    'connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Ids are unique per run unless a case asks for a duplicate on purpose. */
let nextId = 1;
function freshId(rng: Rng): string | number {
  const n = nextId++;
  return rng.weighted<string | number>([
    [6, n],
    [2, `id-${n}`],
    [1, -1_000_000 - n],
    [1, `${randomString(rng, 20)}#${n}`],
    [0.3, `${'x'.repeat(2000)}${n}`],
  ]);
}

const AGGREGATE_TOOLS = ['probe__echo', 'probe__env', 'probe__log', 'probe__fail', 'probe__boom'];
const RESOURCE = 'probe://info';

function argumentsFor(rng: Rng, tool: string): Record<string, unknown> {
  switch (tool) {
    case 'log':
      return { tag: randomString(rng, 10), count: rng.int(3), late: rng.int(2) };
    case 'env':
      return { name: rng.pick(['HOME', 'PATH', randomString(rng, 10)]) };
    default: {
      const args: Record<string, unknown> = { text: randomValue(rng) };
      for (let i = rng.int(3); i > 0; i--) args[randomString(rng, 8)] = randomValue(rng);
      if (rng.chance(0.05)) args.deep = nested(rng.pick([100, 1000, 4000]));
      return args;
    }
  }
}

/** A gated call that MCP's schemas accept, and the log entry it must leave (if it is routable). */
function wellFormedGated(rng: Rng, target: Target): { message: object; expect: Expect } {
  const kind = rng.weighted([
    [6, 'tools/call'],
    [2, 'prompts/get'],
    [2, 'resources/read'],
  ] as const);
  const meta = rng.chance(0.1) ? { _meta: { progressToken: freshId(rng) } } : {};
  if (kind === 'tools/call') {
    const known = rng.chance(0.75);
    const tool = known
      ? rng.pick(['echo', 'env', 'log', 'fail', 'boom'])
      : rng.chance(0.7)
        ? rng.pick(TRICKS)
        : randomString(rng, 20);
    const name = target.aggregate && (known || rng.chance(0.5)) ? `probe__${tool}` : tool;
    const withArguments = rng.chance(0.9) ? { arguments: argumentsFor(rng, tool) } : {};
    // On /mcp only listed names are routed (and gated); passthrough gates and forwards any name.
    const routed = !target.aggregate || AGGREGATE_TOOLS.includes(name);
    return {
      message: { method: kind, params: { name, ...withArguments, ...meta } },
      expect: !routed
        ? { rpcError: -32602 }
        : tool === 'boom'
          ? { logged: `${kind} ${tool}`, internalOk: true }
          : { logged: `${kind} ${tool}`, rpcResult: known },
    };
  }
  if (kind === 'prompts/get') {
    const known = rng.chance(0.75);
    const prompt = known ? 'greeting' : rng.pick(TRICKS);
    const name = target.aggregate && known ? `probe__${prompt}` : prompt;
    const args: Record<string, string> = {};
    for (let i = rng.int(3); i > 0; i--)
      args[rng.chance(0.5) ? 'name' : randomString(rng, 8)] = randomString(rng);
    const routed = !target.aggregate || name === 'probe__greeting';
    return {
      message: { method: kind, params: { name, ...(rng.chance(0.8) ? { arguments: args } : {}) } },
      expect: routed ? { logged: `${kind} ${prompt}`, rpcResult: known } : { rpcError: -32602 },
    };
  }
  const uri = target.aggregate
    ? rng.weighted([
        [3, `switchboard://probe/${RESOURCE}`],
        [1, RESOURCE],
        [2, `switchboard://probe/${rng.pick(TRICKS)}`],
        [2, rng.pick(TRICKS)],
      ])
    : rng.weighted([
        [3, RESOURCE],
        [2, rng.pick(TRICKS)],
      ]);
  let original: string | undefined = uri;
  if (target.aggregate) {
    original = uri.startsWith('switchboard://probe/')
      ? uri.slice('switchboard://probe/'.length)
      : uri === RESOURCE
        ? RESOURCE
        : undefined;
  }
  return {
    message: { method: kind, params: { uri } },
    expect:
      original === undefined
        ? { rpcError: -32602 }
        : { logged: `${kind} ${original}`, rpcResult: original === RESOURCE },
  };
}

/**
 * A gated call with one field of the wrong type: refused as invalid params, never logged.
 * Params that are not an object at all fail JSON-RPC itself (HTTP 400) before any method.
 */
function malformedGated(rng: Rng, target: Target): { message: object; invalidRpc: boolean } {
  const tool = target.aggregate ? 'probe__echo' : 'echo';
  const prompt = target.aggregate ? 'probe__greeting' : 'greeting';
  const uri = target.aggregate ? `switchboard://probe/${RESOURCE}` : RESOURCE;
  const message = rng.pick([
    () => ({ method: 'tools/call', ...(rng.chance(0.3) ? {} : { params: notAnObject(rng) }) }),
    () => ({ method: 'tools/call', params: { name: notAString(rng), arguments: {} } }),
    () => ({ method: 'tools/call', params: { arguments: { text: 'no name' } } }),
    () => ({ method: 'tools/call', params: { name: tool, arguments: notAnObject(rng) } }),
    // _meta is part of every request's params in JSON-RPC terms: wrong there, wrong as a message.
    () => ({ method: 'tools/call', params: { name: tool, _meta: notAnObject(rng) }, rpc: false }),
    () => ({
      method: 'tools/call',
      params: { name: tool, _meta: { progressToken: {} } },
      rpc: false,
    }),
    () => ({ method: 'tools/call', params: { name: tool, task: notAnObject(rng) } }),
    () => ({ method: 'prompts/get', params: notAnObject(rng) }),
    () => ({ method: 'prompts/get', params: { name: notAString(rng) } }),
    () => ({ method: 'prompts/get', params: { name: prompt, arguments: notAnObject(rng) } }),
    () => ({
      method: 'prompts/get',
      params: { name: prompt, arguments: { name: notAString(rng) } },
    }),
    () => ({ method: 'resources/read', params: notAnObject(rng) }),
    () => ({ method: 'resources/read', params: { uri: notAString(rng) } }),
    () => ({ method: 'resources/read', params: { uri, _meta: 'x' }, rpc: false }),
  ])() as { method: string; params?: unknown; rpc?: false };
  const { rpc, ...body } = message;
  const params = body.params;
  const invalidRpc =
    rpc === false ||
    ('params' in body && (typeof params !== 'object' || params === null || Array.isArray(params)));
  return { message: body, invalidRpc };
}

const OTHER_METHODS = [
  'ping',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'completion/complete',
  'logging/setLevel',
];
const UNKNOWN_METHODS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'Tools/List',
  'tools/list/',
  'tools/../tools/list',
  'tools/call\u0000',
  'rpc.discover',
  'notifications/initialized',
  'sampling/createMessage',
  'elicitation/create',
  'roots/list',
  '',
  'x'.repeat(5000),
];

/** A JSON-RPC message for a session, and what its answer must be. */
function sessionMessage(rng: Rng, target: Target): { body: unknown; expect: Expect } {
  const id = freshId(rng);
  const choice = rng.weighted([
    [30, 'gated'],
    [25, 'malformed'],
    [18, 'other'],
    [10, 'unknown'],
    [7, 'notification'],
    [5, 'response'],
    [5, 'shape'],
  ] as const);
  switch (choice) {
    case 'gated': {
      const { message, expect } = wellFormedGated(rng, target);
      return { body: { jsonrpc: '2.0', id, ...message }, expect: { ...expect, status: [200] } };
    }
    case 'malformed': {
      const { message, invalidRpc } = malformedGated(rng, target);
      return {
        body: { jsonrpc: '2.0', id, ...message },
        expect: invalidRpc ? { status: [400] } : { rpcError: -32602, status: [200] },
      };
    }
    case 'other': {
      const method = rng.pick(OTHER_METHODS);
      const params = rng.chance(0.2) ? notAnObject(rng) : randomValue(rng);
      return {
        body: { jsonrpc: '2.0', id, method, ...(rng.chance(0.8) ? { params } : {}) },
        expect: { status: [200, 400] },
      };
    }
    case 'unknown': {
      const method = rng.chance(0.7) ? rng.pick(UNKNOWN_METHODS) : randomString(rng, 30);
      return {
        body: { jsonrpc: '2.0', id, method, params: {} },
        expect: { rpcError: -32601, status: [200] },
      };
    }
    case 'notification': {
      const method = rng.pick([
        'notifications/initialized',
        'notifications/progress',
        'notifications/roots/list_changed',
        'notifications/message',
        'notifications/cancelled',
        randomString(rng, 20),
      ]);
      // Cancellations name ids no request uses: cancelling a live one leaves it unanswered by design.
      const params =
        method === 'notifications/cancelled'
          ? { requestId: `never-used-${nextId++}`, reason: randomValue(rng) }
          : randomValue(rng);
      return { body: { jsonrpc: '2.0', method, params }, expect: { status: [202, 400] } };
    }
    case 'response':
      return {
        body: rng.chance(0.5)
          ? { jsonrpc: '2.0', id: freshId(rng), result: randomValue(rng) }
          : {
              jsonrpc: '2.0',
              id: freshId(rng),
              error: { code: rng.int(70000) - 35000, message: randomString(rng) },
            },
        expect: { status: [202, 400] },
      };
    default:
      return {
        body: rng.pick([
          { jsonrpc: '2.0' },
          { id: 1, method: 'ping' },
          { jsonrpc: '1.0', id: 2, method: 'ping' },
          { jsonrpc: '2.0', id: {}, method: 'ping' },
          { jsonrpc: '2.0', id: 1.5, method: 'ping' },
          { jsonrpc: '2.0', id: null, method: 'ping' },
          { jsonrpc: '2.0', id: 3, method: 5 },
          { jsonrpc: '2.0', id: 4, method: 'ping', params: 'x' },
          [{ jsonrpc: '2.0', id: 6, method: 'ping' }],
          [],
          null,
          42,
          'ping',
        ]),
        expect: { status: [400] },
      };
  }
}

function idOf(body: unknown): string | number | undefined {
  const id = (body as { id?: unknown } | null)?.id;
  const method = (body as { method?: unknown } | null)?.method;
  return typeof method === 'string' && (typeof id === 'string' || Number.isInteger(id))
    ? (id as string | number)
    : undefined;
}

function postTo(target: Target, body: unknown, expect: Expect, label: string): Case {
  return {
    label,
    expect,
    send: async () => {
      const outcome = await http(target.path, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...target.headers },
        body: JSON.stringify(body),
      });
      const id = idOf(body);
      return id === undefined ? outcome : { ...outcome, id };
    },
  };
}

function generate(rng: Rng): Case[] {
  const cases: Case[] = [];
  const port_ = `127.0.0.1:${port}`;
  const token = () => rng.pick([auth.default, auth.limited]);
  for (let index = 0; index < CASES; index++) {
    const category = rng.weighted([
      [45, 'session'],
      [7, 'body'],
      [3, 'huge'],
      [7, 'http'],
      [6, 'session-id'],
      [7, 'path'],
      [6, 'raw'],
      [4, 'sse'],
      [4, 'auth'],
      [7, 'api'],
      [2, 'initialize'],
      [2, 'duplicate'],
    ] as const);
    const target = rng.pick(targets);
    switch (category) {
      case 'session': {
        const { body, expect } = sessionMessage(rng, target);
        cases.push(postTo(target, body, expect, `session ${target.path}`));
        break;
      }
      case 'body': {
        const valid = JSON.stringify({ jsonrpc: '2.0', id: freshId(rng), method: 'ping' });
        const text = rng.pick([
          () => valid.slice(0, rng.int(valid.length)),
          () => `${valid}${rng.pick(['}', ']', ',', 'garbage', '\u0000'])}`,
          () => '',
          () => ' ',
          () => '{',
          () => `${'['.repeat(3000)}${']'.repeat(3000)}`,
          () => `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
          () => JSON.stringify(randomString(rng, 100)),
          () => "{'jsonrpc': '2.0'}",
          // Valid JSON (the last "method" wins): a request like any other.
          () =>
            `{"jsonrpc":"2.0","id":${JSON.stringify(freshId(rng))},"method":"ping","method":"tools/list"}`,
        ])();
        const bytes = rng.chance(0.2)
          ? Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x7d])
          : text;
        const headers = { ...JSON_HEADERS, ...(rng.chance(0.8) ? target.headers : token()) };
        cases.push({
          label: 'malformed body',
          expect: {
            status:
              typeof bytes === 'string' && bytes.includes('"method":"tools/list"')
                ? [200, 400]
                : [400],
          },
          send: () => http(target.path, { method: 'POST', headers, body: bytes }),
        });
        break;
      }
      case 'huge': {
        const over = rng.chance(0.5);
        const tool = target.aggregate ? 'probe__echo' : 'echo';
        const envelope = JSON.stringify({
          jsonrpc: '2.0',
          id: 0,
          method: 'tools/call',
          params: { name: tool, arguments: { text: '' } },
        });
        const size = over ? MAX_BODY + 1 + rng.int(MAX_BODY) : MAX_BODY - envelope.length - 40;
        const text = over ? rng.pick(['x', '\u00e9']) : 'x';
        const body = {
          jsonrpc: '2.0',
          id: nextId++,
          method: 'tools/call',
          params: { name: tool, arguments: { text: text.repeat(size) } },
        };
        if (over && rng.chance(0.5)) {
          // No Content-Length: the limit must hold while streaming too.
          const bytes = new TextEncoder().encode(JSON.stringify(body));
          cases.push({
            label: 'over the body limit, streamed',
            expect: { status: [413] },
            send: () =>
              http(target.path, {
                method: 'POST',
                headers: { ...JSON_HEADERS, ...target.headers },
                body: ReadableStream.from([bytes.slice(0, 4096), bytes.slice(4096)]),
                duplex: 'half',
              } as RequestInit & { headers: Record<string, string> }),
          });
        } else {
          cases.push(
            postTo(
              target,
              body,
              over
                ? { status: [413] }
                : { status: [200], logged: 'tools/call echo', rpcResult: true },
              over ? 'over the body limit' : 'just within the body limit',
            ),
          );
        }
        break;
      }
      case 'http': {
        const path = rng.pick([target.path, '/mcp', '/sse', '/messages', '/healthz', '/']);
        const method = rng.pick(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND']);
        const headers: Record<string, string> = { ...target.headers };
        if (rng.chance(0.5))
          headers.accept = rng.pick(['text/html', '*/*', 'text/event-stream', '']);
        if (rng.chance(0.4))
          headers['content-type'] = rng.pick([
            'text/plain',
            'application/jsonx',
            'multipart/form-data',
            '',
          ]);
        if (rng.chance(0.3))
          headers['mcp-protocol-version'] = rng.pick([
            '1999-01-01',
            '',
            'latest',
            randomString(rng, 10).replace(/[^\x20-\x7e]/g, ''),
          ]);
        if (rng.chance(0.2))
          headers['last-event-id'] = rng.pick([
            'r1:0',
            'standalone:99',
            ':',
            'nope',
            '9'.repeat(400),
          ]);
        const body =
          method === 'GET' || method === 'HEAD'
            ? undefined
            : JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
        // A wrong-methods case that happens to be DELETE on the session's own endpoint would end it.
        if (method === 'DELETE' && path === target.path) delete headers['mcp-session-id'];
        cases.push({
          label: `${method} ${path}`,
          expect: {},
          send: () => http(path, { method, headers, ...(body ? { body } : {}) }),
        });
        break;
      }
      case 'session-id': {
        const other = targets.find((candidate) => candidate !== target)!;
        const sessionId = rng.pick([
          () => '',
          () => ' ',
          () => 'x'.repeat(8000),
          () => randomString(rng, 60).replace(/[^\x20-\x7e]/g, ''),
          () => `${target.headers['mcp-session-id']}, ${target.headers['mcp-session-id']}`,
          () => target.headers['mcp-session-id']!.toUpperCase(),
          () => `${target.headers['mcp-session-id']}x`,
          () => other.headers['mcp-session-id']!,
          () => '00000000-0000-0000-0000-000000000000',
          () => '../../etc/passwd',
          () => '__proto__',
          () => 'constructor',
        ])();
        const list = JSON.stringify({ jsonrpc: '2.0', id: freshId(rng), method: 'tools/list' });
        // Another endpoint's or another client's session is "not found", like any unknown one.
        cases.push({
          label: `session id ${JSON.stringify(sessionId.slice(0, 40))}`,
          expect: { status: [400, 404] },
          send: () =>
            http(target.path, {
              method: 'POST',
              headers: { ...JSON_HEADERS, ...target.headers, 'mcp-session-id': sessionId },
              body: list,
            }),
        });
        break;
      }
      case 'path': {
        const trick = rng.pick(TRICKS);
        const path = rng.pick([
          () => `/mcp/servers/${encode(trick)}`,
          () =>
            `/mcp/servers/${rng.pick(['%E0%A4%A', '%', '%zz', '%C0%AE%C0%AE', '%2e%2e%2fprobe', 'probe%2f..%2fprobe', 'probe%00', 'PROBE', 'probe/', 'probe/extra', '%70robe'])}`,
          () =>
            rng.pick([
              '/mcp/servers/',
              '/mcp/servers',
              '/mcp/',
              '/MCP',
              '/mcp//servers/probe',
              '/%6dcp',
              '/mcp;x',
              '/mcp?x=%E0%A4%A',
              '/messages?sessionId=%E0%A4%A',
              '/sse?x',
              '/healthz?x',
              '/api/../mcp',
              '/mcp/../api/rpc/servers:list',
              '//mcp',
              '/mcp#frag',
            ]),
          () => `/mcp/servers/probe?sessionId=${encode(trick)}`,
        ])();
        const viaRaw = rng.chance(0.5);
        const body = JSON.stringify(INIT());
        const headers: Record<string, string> = { ...JSON_HEADERS, ...token() };
        cases.push({
          label: `path ${path.slice(0, 60)}${viaRaw ? ' (raw)' : ''}`,
          expect: { mayClose: viaRaw },
          send: async () => {
            if (!viaRaw) return http(path, { method: 'POST', headers, body });
            const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
            const outcome = await raw(rawRequest('POST', path, lines, body));
            const { sessionId } = outcome;
            const who = { authorization: headers.authorization! };
            return sessionId ? { ...outcome, opened: [{ sessionId, auth: who }] } : outcome;
          },
        });
        break;
      }
      case 'raw': {
        const sid = target.headers['mcp-session-id']!;
        const authHeader = `authorization: ${target.headers.authorization}`;
        const ping = JSON.stringify({ jsonrpc: '2.0', id: freshId(rng), method: 'ping' });
        const base = [
          'content-type: application/json',
          'accept: application/json, text/event-stream',
          authHeader,
        ];
        const variant = rng.int(16);
        const requests: (() => string | Buffer)[] = [
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${sid}\r\nX-Injected: yes`],
              ping,
            ),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${sid}\nX-Injected: yes`],
              ping,
            ),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${sid}\rX-Injected: yes`],
              ping,
            ),
          () => rawRequest('POST', target.path, [...base, `mcp-session-id: ${sid}\u0000`], ping),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${sid}`, ' X-Injected: folded'],
              ping,
            ),
          () =>
            Buffer.from(
              rawRequest(
                'POST',
                target.path,
                [...base, 'mcp-session-id: \u00e9\u4e2d\ud83d\ude00'],
                ping,
              ),
              'utf8',
            ),
          () =>
            rawRequest(
              'POST',
              `${target.path}\r\nX-Injected: yes`,
              [...base, `mcp-session-id: ${sid}`],
              ping,
            ),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${'x'.repeat(20_000)}`],
              ping,
            ),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${sid}`, 'content-length: 3'],
              ping,
            ),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${sid}`, 'transfer-encoding: chunked'],
              `zz\r\n${ping}\r\n0\r\n\r\n`,
              { length: false },
            ),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base, `mcp-session-id: ${sid}`, 'content-length: 100000'],
              ping,
              { length: false },
            ),
          () =>
            rawRequest('POST', target.path, [...base, `mcp-session-id: ${sid}`], `${ping}${ping}`),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base.slice(0, 2), `authorization: Bearer ${'\u00ff'.repeat(10)}`],
              ping,
            ),
          () =>
            rawRequest(
              'POST',
              target.path,
              [...base.slice(0, 2), `${authHeader}\r\nX-Injected: yes`, `mcp-session-id: ${sid}`],
              ping,
            ),
          () =>
            rng.pick(['CONNECT', 'TRACE', 'M-SEARCH', 'FOO', 'post', 'G\u0000ET']) +
            ` ${target.path} HTTP/1.1\r\nhost: ${port_}\r\n\r\n`,
          () => `GET ${target.path}\r\n\r\n`,
        ];
        const request = requests[variant]!();
        cases.push({
          label: `raw header trick #${variant}`,
          expect: { mayClose: true },
          send: () => raw(request),
        });
        break;
      }
      case 'sse':
        cases.push(sseCase(rng));
        break;
      case 'auth': {
        const authorization = rng.pick([
          () => undefined,
          () => 'Bearer',
          () => 'Bearer ',
          () => `Bearer ${'A'.repeat(10_000)}`,
          () => `Basic ${Buffer.from('user:pass').toString('base64')}`,
          () => `Bearer ${harness.gateway.adminToken}`,
          () => `Bearer ${auth.default.authorization!.slice(7)}x`,
          () => `Bearer ${auth.default.authorization!.slice(7, -1)}`,
          () => `Bearer ${randomString(rng, 40).replace(/[^\x21-\x7e]/g, '')}`,
          () => `${auth.default.authorization} extra`,
        ])();
        const path = rng.pick([
          '/mcp',
          '/mcp/servers/probe',
          '/sse',
          '/messages?sessionId=x',
          '/mcp/servers/nope',
        ]);
        const method = path === '/sse' ? 'GET' : 'POST';
        cases.push({
          label: `auth ${path}`,
          expect: { status: [401] },
          send: () =>
            http(path, {
              method,
              headers: { ...JSON_HEADERS, ...(authorization ? { authorization } : {}) },
              ...(method === 'POST' ? { body: JSON.stringify(INIT()) } : {}),
            }),
        });
        break;
      }
      case 'api':
        cases.push(apiCase(rng));
        break;
      case 'initialize': {
        const endpoint = rng.pick(['/mcp', '/mcp/servers/probe']);
        const params = rng.pick([
          () => ({}),
          () => ({ protocolVersion: randomString(rng, 12) }),
          () => ({ capabilities: randomValue(rng) }),
          () => ({ clientInfo: { name: rng.pick(TRICKS), version: randomString(rng, 5) } }),
          () => ({ capabilities: { elicitation: {}, sampling: {}, roots: { listChanged: true } } }),
        ])();
        const headers = { ...JSON_HEADERS, ...token() };
        const endAtOnce = rng.chance(0.5);
        cases.push({
          label: `initialize ${endpoint}`,
          expect: {},
          send: async () => {
            const outcome = await http(endpoint, {
              method: 'POST',
              headers,
              body: JSON.stringify(INIT(params as Record<string, unknown>)),
            });
            // Some are ended at once (twice: the second DELETE must find nothing).
            const opened = outcome.opened?.[0];
            if (opened && endAtOnce) {
              const del = {
                method: 'DELETE',
                headers: { ...headers, 'mcp-session-id': opened.sessionId },
              };
              const first = await http(endpoint, del);
              const second = await http(endpoint, del);
              if (first.status !== 200 || second.status !== 404)
                return {
                  ...outcome,
                  status: 599,
                  body: `DELETE answered ${first.status}, then ${second.status}`,
                };
            }
            return outcome;
          },
        });
        break;
      }
      case 'duplicate': {
        // The same id twice at once on one session: both must be answered (or one refused), none left hanging.
        const id = `dup-${nextId++}`;
        const ping = JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: rng.pick(['ping', 'tools/list']),
        });
        const send = () =>
          http(target.path, {
            method: 'POST',
            headers: { ...JSON_HEADERS, ...target.headers },
            body: ping,
          });
        cases.push({
          label: 'duplicate ids in flight',
          expect: { status: [200, 400, 409] },
          send: async () => {
            const [a, b] = await Promise.all([send(), send()]);
            return a.status !== 200 || b.status !== 200 ? (a.status === 200 ? b : a) : a;
          },
        });
        break;
      }
    }
  }
  return cases;
}

/** A legacy SSE session: fuzzed posts, then every request's answer read off the stream. */
function sseCase(rng: Rng): Case {
  const who = rng.pick([auth.default, auth.limited]);
  const sseTarget: Target = { path: '/messages', headers: who, aggregate: true };
  const messages = Array.from({ length: 1 + rng.int(3) }, () => sessionMessage(rng, sseTarget));
  const stray = rng.pick([
    '/messages',
    '/messages?sessionId=',
    `/messages?sessionId=${encode(rng.pick(TRICKS))}`,
  ]);
  return {
    label: 'legacy SSE session',
    expect: {},
    send: async () => {
      const response = await fetch(`${harness.url}/sse`, {
        headers: { accept: 'text/event-stream', ...who },
        signal: AbortSignal.timeout(ANSWER_MS),
      });
      if (response.status !== 200) return readOutcome(response, false);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      const events = () =>
        [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map(([, event, data]) => ({
          event: event!,
          data: data!,
        }));
      const readUntil = async (done: () => boolean) => {
        while (!done()) {
          const { value, done: ended } = await reader.read();
          if (ended) throw new Error(`the SSE stream ended early:\n${text}`);
          text += value;
        }
      };
      try {
        await readUntil(() => events().some((event) => event.event === 'endpoint'));
        const endpoint = events().find((event) => event.event === 'endpoint')!.data;
        const statuses: number[] = [];
        const streamedExpect = new Map<unknown, Expect>();
        for (const { body, expect } of messages) {
          const posted = await fetch(new URL(endpoint, harness.url), {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...who },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(ANSWER_MS),
          });
          await posted.body?.cancel();
          statuses.push(posted.status);
          const id = idOf(body);
          if (posted.status === 202 && id !== undefined) streamedExpect.set(id, expect);
        }
        const strayAnswer = await http(stray, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...who },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
        });
        const answers = () =>
          events()
            .filter((event) => event.event === 'message')
            .map(
              (event) =>
                JSON.parse(event.data) as { id: unknown; error?: unknown; result?: unknown },
            )
            .filter((answer) => streamedExpect.has(answer.id));
        await readUntil(() => answers().length >= streamedExpect.size);
        const bad = statuses.filter((status) => status !== 202 && status !== 400);
        return {
          status: bad[0] ?? (strayAnswer.status === 404 ? 200 : 598),
          contentType: 'application/json',
          body: JSON.stringify({ statuses, stray: strayAnswer.status }),
          headerNames: [],
          streamed: answers(),
          streamedExpect,
        };
      } finally {
        await reader.cancel();
      }
    },
  };
}

const READ_ONLY_METHODS = [
  'servers:list',
  'servers:stderr',
  'servers:tools',
  'servers:settings',
  'profiles:list',
  'clients:list',
  'consent:pending',
  'grants:list',
  'log:query',
  'settings:get',
];
const MUTATING_METHODS = [
  'servers:start',
  'servers:stop',
  'servers:restart',
  'servers:add',
  'servers:remove',
  'servers:import',
  'servers:configure',
  'servers:update',
  'policies:set',
  'profiles:set',
  'clients:add',
  'clients:revoke',
  'consent:answer',
  'grants:revoke',
  'secrets:set',
  'secrets:delete',
  'settings:set',
];

/** The admin API: no way in without the admin token; with it, bad input is a 4xx, never a 5xx. */
function apiCase(rng: Rng): Case {
  const admin = { authorization: `Bearer ${harness.gateway.adminToken}` };
  const shape = rng.weighted([
    [3, 'unauthenticated'],
    [3, 'read-only'],
    [2, 'mutating-invalid'],
    [1, 'unknown'],
    [1, 'events'],
    [1, 'login'],
  ] as const);
  const body = () =>
    rng.pick([
      () => JSON.stringify(randomValue(rng)),
      () => JSON.stringify({ name: rng.pick([...TRICKS, 'probe']), profile: randomValue(rng) }),
      () =>
        JSON.stringify({
          limit: randomValue(rng),
          cursor: randomValue(rng),
          text: randomValue(rng),
          status: randomValue(rng),
          since: randomValue(rng),
        }),
      () => '{"truncated": ',
      () => '',
    ])();
  switch (shape) {
    case 'unauthenticated': {
      const path = rng.pick([
        '/api',
        '/api/',
        '/api/rpc/servers:list',
        '/api/rpc/clients:add',
        '/api/rpc/%E0%A4%A',
        '/api/events',
        '/api/servers',
        `/api/${encode(rng.pick(TRICKS))}`,
      ]);
      const authorization = rng.pick([
        {},
        auth.default,
        { authorization: `Bearer ${harness.gateway.adminToken}x` },
        { authorization: 'Bearer' },
        { cookie: `switchboard-session=${randomString(rng, 30).replace(/[^\x21-\x7e]/g, '')}` },
      ]);
      const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE']);
      const text = body();
      return {
        label: `api unauthenticated ${method} ${path}`,
        // Unless the URL itself resolves outside /api ("/api/.." is "/", the dashboard's).
        expect: new URL(path, harness.url).pathname.startsWith('/api') ? { status: [401] } : {},
        send: () =>
          http(path, {
            method,
            headers: { 'content-type': 'application/json', ...authorization },
            ...(method === 'GET' ? {} : { body: text }),
          }),
      };
    }
    case 'read-only':
    case 'mutating-invalid':
    case 'unknown': {
      const method =
        shape === 'read-only'
          ? rng.pick(READ_ONLY_METHODS)
          : shape === 'mutating-invalid'
            ? rng.pick(MUTATING_METHODS)
            : rng.pick([
                ...TRICKS.map((trick) => encode(trick)),
                '%E0%A4%A',
                '%',
                'constructor',
                '__proto__',
                'servers:list/',
                'SERVERS:LIST',
              ]);
      // A mutating method only ever gets params that cannot be valid (not an object).
      const params =
        shape === 'mutating-invalid' ? JSON.stringify(rng.pick([5, 'x', [], true, [{}]])) : body();
      const httpMethod = rng.chance(0.85) ? 'POST' : rng.pick(['GET', 'PUT']);
      return {
        label: `api ${httpMethod} rpc/${method.slice(0, 40)}`,
        expect: {
          status:
            shape === 'read-only'
              ? [200, 400, 404, 405, 413]
              : shape === 'unknown'
                ? [400, 404, 405]
                : [400, 405],
        },
        send: () =>
          http(`/api/rpc/${method}`, {
            method: httpMethod,
            headers: { 'content-type': 'application/json', ...admin },
            ...(httpMethod === 'GET' ? {} : { body: params }),
          }),
      };
    }
    case 'events': {
      const events = rng.pick([
        '',
        'log:appended',
        'nope',
        'servers:status-changed,,',
        '__proto__',
        'constructor',
        randomString(rng, 20),
      ]);
      const method = rng.chance(0.9) ? 'GET' : 'POST';
      return {
        label: `api events ${events}`,
        expect: { status: [200, 400, 405] },
        send: () =>
          http(`/api/events?events=${encode(events)}`, {
            method,
            headers: admin,
          }),
      };
    }
    default: {
      const code = rng.pick(['', randomString(rng, 30), '%E0%A4%A', 'x'.repeat(5000)]);
      const method = rng.chance(0.9) ? 'GET' : 'POST';
      return {
        label: 'login with a wrong code',
        expect: { status: [401, 405] },
        send: () =>
          http(`/login?code=${encode(code)}`, {
            method,
          }),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Judging

/** What is wrong with one answer, or undefined. */
function judge(expect: Expect, outcome: Outcome): string | undefined {
  const { status } = outcome;
  if (status === 'closed')
    return expect.mayClose ? undefined : 'the connection closed without an answer';
  if (status >= 500) return `status ${status}: ${outcome.body.slice(0, 300)}`;
  if (expect.status && !expect.status.includes(status))
    return `status ${status}, expected ${expect.status.join('|')}: ${outcome.body.slice(0, 300)}`;
  if (outcome.headerNames.includes('x-injected'))
    return 'a request header came back as a response header';
  if (outcome.contentType.startsWith('application/json') && outcome.body) {
    try {
      JSON.parse(outcome.body);
    } catch {
      return `says JSON but is not: ${outcome.body.slice(0, 200)}`;
    }
  }
  for (const answer of outcome.streamed ?? []) {
    const problem = judgeAnswer(outcome.streamedExpect!.get(answer.id)!, answer);
    if (problem) return `on the SSE stream: ${problem}`;
  }
  if (outcome.id === undefined || status !== 200) return undefined;
  let answer: { id?: unknown; error?: { code?: number }; result?: unknown };
  if (outcome.contentType.startsWith('text/event-stream')) {
    const last = [...outcome.body.matchAll(/^data: (.*)$/gm)]
      .map(([, data]) => JSON.parse(data!) as typeof answer)
      .find((message) => message.id === outcome.id && ('result' in message || 'error' in message));
    if (!last) return `no answer with id ${String(outcome.id)} on the stream`;
    answer = last;
  } else {
    answer = JSON.parse(outcome.body) as typeof answer;
  }
  if (answer.id !== outcome.id) return `answered id ${String(answer.id)} for ${String(outcome.id)}`;
  return judgeAnswer(expect, answer);
}

function judgeAnswer(
  expect: Expect,
  answer: { error?: unknown; result?: unknown },
): string | undefined {
  const error = answer.error as { code?: number; message?: string } | undefined;
  if (expect.rpcError !== undefined) {
    if (!error) return `expected a JSON-RPC error, got ${JSON.stringify(answer).slice(0, 300)}`;
    if (expect.rpcError !== true && error.code !== expect.rpcError)
      return `expected error ${expect.rpcError}, got ${error.code}: ${error.message}`;
  }
  if (expect.rpcResult && !('result' in answer))
    return `expected a result, got ${JSON.stringify(answer).slice(0, 300)}`;
  if (error && error.code === -32603 && !expect.internalOk)
    return `internal error: ${error.message}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------

async function openSession(path: string, who: Record<string, string>): Promise<Target> {
  const response = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...who },
    body: JSON.stringify(INIT()),
  });
  expect(response.status).toBe(200);
  await response.text();
  const headers = {
    ...who,
    'mcp-session-id': response.headers.get('mcp-session-id')!,
    'mcp-protocol-version': VERSION,
  };
  const initialized = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  expect(initialized.status).toBe(202);
  return { path, headers, aggregate: path === '/mcp' };
}

function snapshot(dir: string): Map<string, string> {
  return new Map(
    filesUnder(dir)
      // The call log changes by design; run/ lists live children and goes when they do.
      .filter((file) => !file.startsWith('call-log.sqlite') && !file.startsWith('run/'))
      .map((file) => [
        file,
        createHash('sha256')
          .update(readFileSync(join(dir, file)))
          .digest('hex'),
      ]),
  );
}

async function allEntries(): Promise<CallLogEntry[]> {
  const entries: CallLogEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = harness.gateway.trust.callLog.query({
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

describe(`fuzz (seed ${SEED}, ${CASES} cases)`, () => {
  beforeAll(async () => {
    harness = await startGateway([trustProbe('probe')], {
      // One child for every session: a crash or restart anywhere would change its pid.
      servers: { probe: { isolation: 'shared' } },
      limits: { maxBodyBytes: MAX_BODY },
      settings: {
        // The fuzz is far past any sensible rate; the limiters have tests of their own.
        quotas: { rate: { enabled: false } },
        // A profile with per-tool policies: names like "constructor" must not look like one.
        profiles: { limited: { tools: { probe: { boom: 'deny' } } } },
      },
    });
    port = Number(new URL(harness.url).port);
    auth.default = harness.auth;
    auth.limited = bearer(harness.addClient('limited-client', 'limited'));
    targets.push(
      await openSession('/mcp', auth.default),
      await openSession('/mcp/servers/probe', auth.default),
      await openSession('/mcp', auth.limited),
      await openSession('/mcp/servers/probe', auth.limited),
    );
    const status = harness.gateway.supervisors.get('probe')!.primary.status;
    probePid = (status as { pid: number }).pid;
    expect(probePid).toBeGreaterThan(0);
    sessionsBefore = harness.gateway.sessions.size;
    diskBefore = snapshot(harness.dataDir);
  });
  afterAll(() => harness.close());

  it('answers every case deliberately: no 5xx, no hang, JSON where it says so, errors where the request was wrong', async () => {
    const cases = generate(new Rng(SEED));
    let next = 0;
    const failures: string[] = [];
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const { label, expect: expected, send } = cases[index]!;
        try {
          const outcome = await send();
          outcomes.push({ index, label, expect: expected, outcome });
          const problem = judge(expected, outcome);
          if (problem) failures.push(`#${index} ${label}: ${problem}`);
        } catch (error) {
          failures.push(`#${index} ${label}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(outcomes).toHaveLength(CASES);
  });

  it('logged exactly the well-formed gated calls, nothing for the rest', async () => {
    const expected = outcomes
      .flatMap(({ expect: expected, outcome }) => [
        ...(expected.logged && outcome.status === 200 ? [expected.logged] : []),
        ...[...(outcome.streamedExpect?.values() ?? [])].flatMap((e) =>
          e.logged ? [e.logged] : [],
        ),
      ])
      // The log is UTF-8 on disk: a lone surrogate in a name is kept as U+FFFD.
      .map((key) => Buffer.from(key, 'utf8').toString('utf8'))
      .sort();
    const entries = await allEntries();
    const logged = entries.map((entry) => `${entry.kind} ${entry.name}`).sort();
    expect(logged.length).toBeGreaterThan(100);
    expect(logged).toEqual(expected);
    for (const entry of entries) {
      expect(['test-client', 'limited-client']).toContain(entry.clientName);
      expect(entry.arguments === null || typeof entry.arguments === 'object').toBe(true);
    }
  });

  // Found by this fuzz (a GET with Last-Event-ID racing the POST it resumes), pinned down here.
  it('hands a stream resumed mid-request to the new connection and ends the one it replaces', async () => {
    const holdDir = mkdtempSync(join(tmpdir(), 'switchboard-fuzz-hold-'));
    const file = join(holdDir, 'release');
    try {
      const [target] = targets;
      const url = `${harness.url}${target!.path}`;
      const call = {
        jsonrpc: '2.0',
        id: 'resumed-call',
        method: 'tools/call',
        params: { name: 'probe__hold', arguments: { file }, _meta: { progressToken: 'p' } },
      };
      const signal = AbortSignal.timeout(ANSWER_MS);
      const post = await fetch(url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...target!.headers },
        body: JSON.stringify(call),
        signal,
      });
      expect(post.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = post.body!.pipeThrough(new TextDecoderStream()).getReader();
      let original = '';
      let progress: RegExpExecArray | null = null;
      while (
        !(progress = /id: (\S+)\nevent: message\ndata: .*notifications\/progress/.exec(original))
      ) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before any progress:\n${original}`);
        original += value;
      }
      const resumed = await fetch(url, {
        headers: { ...target!.headers, accept: 'text/event-stream', 'last-event-id': progress[1]! },
        signal,
      });
      expect(resumed.status).toBe(200);
      // The replaced response ends at once rather than hang forever waiting for its answer…
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        original += value;
      }
      expect(original).not.toContain('"id":"resumed-call"');
      // …which arrives on the connection that took over.
      writeFileSync(file, 'go');
      const answer = /data: (\{.*"id":"resumed-call".*\})\n/.exec(await resumed.text());
      expect(JSON.parse(answer![1]!)).toMatchObject({ result: { content: [{ type: 'text' }] } });
    } finally {
      rmSync(holdDir, { recursive: true, force: true });
    }
  });

  it('still serves /healthz and a normal call, from the same child, and its sessions are back to before', async () => {
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
    await health.body?.cancel();

    const opened = outcomes.flatMap(({ outcome }) => outcome.opened ?? []);
    expect(opened.length).toBeGreaterThan(10);
    for (const { sessionId, auth: who } of opened) {
      const entry = harness.gateway.sessions.get(sessionId);
      if (!entry) continue; // ended by its case already
      const response = await fetch(`${harness.url}${entry.endpoint}`, {
        method: 'DELETE',
        headers: { ...who, 'mcp-session-id': sessionId },
      });
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
    expect(harness.gateway.sessions.size).toBe(sessionsBefore);
    // Legacy SSE sessions end when their stream closes, which no event here announces.
    await eventually(async () => {
      const body = (await (await fetch(`${harness.url}/healthz`)).json()) as { sessions: number };
      expect(body.sessions).toBe(sessionsBefore);
    });

    const client = await harness.connect();
    const result = await client.callTool({
      name: 'probe__echo',
      arguments: { text: 'still fine' },
    });
    expect(jsonOf(result)).toEqual({ echo: 'still fine', pid: probePid });
    expect(harness.gateway.summaries()[0]).toMatchObject({
      status: { state: 'running', pid: probePid },
      restarts: 0,
    });
  });

  it('wrote nothing under the data dir but the call log', async () => {
    await harness.gateway.stop();
    const after = snapshot(harness.dataDir);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(diskBefore));
    const logFiles = filesUnder(harness.dataDir).filter((file) =>
      file.startsWith('call-log.sqlite'),
    );
    expect(
      logFiles.every((file) =>
        ['call-log.sqlite', 'call-log.sqlite-wal', 'call-log.sqlite-shm'].includes(file),
      ),
    ).toBe(true);
  });
});
