/**
 * Takes secrets out of what the call log keeps: values under secret-looking keys, and every
 * known secret value (tokens, keys from the keychain) wherever it appears inside a string.
 * Redaction happens before anything reaches SQLite, so no secret ever touches the disk.
 */
import { SUMMARY_MAX_CHARS } from '../../../shared/call-log.ts';

export const REDACTED = '[redacted]';

/** Regex sources matched case-insensitively against object keys (settings store them as text). */
export const DEFAULT_REDACT_KEY_PATTERNS: readonly string[] = [
  'token',
  'password',
  'secret',
  'authorization',
  'api[_-]?key',
  'cookie',
  'credential',
];

/** Shorter values are too likely to be ordinary words to scrub everywhere. */
const MIN_SECRET_LENGTH = 4;
/** Text gathered for a summary before cutting it to size (plus the longest secret, see below). */
const SUMMARY_SCAN_CHARS = SUMMARY_MAX_CHARS * 4;
/**
 * Objects nested deeper than this are kept as a marker: a client could otherwise send arguments
 * deep enough to overflow the stack here, after the call ran, and leave no log entry for it.
 */
const MAX_DEPTH = 64;
const TOO_DEEP = '[nested too deeply]';

export type RedactorOptions = {
  /** Asked on every call, so secrets added or rotated later are covered. */
  secretValues?: () => Iterable<string>;
  keyPatterns?: RegExp[];
};

export type ResultSummary = { size: number; summary: string };

export type Redactor = {
  /** A JSON-safe deep copy of `value` with secrets replaced by "[redacted]". */
  redact(value: unknown): unknown;
  /** `text` with every known secret value replaced. */
  redactText(text: string): string;
  /** Size of `result` as JSON and a short, redacted summary of its text content. */
  summarize(result: unknown): ResultSummary;
};

export function compileKeyPatterns(sources: readonly string[]): RegExp[] {
  return sources.map((source) => new RegExp(source, 'i'));
}

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const keyPatterns = options.keyPatterns ?? compileKeyPatterns(DEFAULT_REDACT_KEY_PATTERNS);
  const secretKey = (key: string) =>
    keyPatterns.some((pattern) => {
      pattern.lastIndex = 0; // a /g pattern keeps state between tests
      return pattern.test(key);
    });

  /**
   * Longest first, so a secret that contains another one is replaced whole. Rebuilt only when a
   * Set of secrets grows (they are only ever added): this runs several times per logged call.
   */
  let cachedSize = -1;
  let cached: string[] = [];
  const currentSecrets = (): string[] => {
    const values = options.secretValues?.() ?? [];
    const size = values instanceof Set ? values.size : -1;
    if (size >= 0 && size === cachedSize) return cached;
    cached = [...new Set(values)]
      .filter((value) => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length);
    cachedSize = size;
    return cached;
  };

  const scrub = (text: string, secrets: string[]): string => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    return out;
  };

  const copy = (value: unknown, secrets: string[], seen: Set<object>): unknown => {
    switch (typeof value) {
      case 'string':
        return scrub(value, secrets);
      case 'number':
        return Number.isFinite(value) ? value : null;
      case 'boolean':
        return value;
      case 'bigint':
        return scrub(value.toString(), secrets);
      case 'object':
        break;
      default:
        return undefined; // functions, symbols and undefined have no JSON form
    }
    if (value === null) return null;
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return copy(withJson.toJSON(), secrets, seen);
    if (seen.has(value)) return '[circular]';
    if (seen.size >= MAX_DEPTH) return TOO_DEEP; // `seen` holds exactly the ancestors
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => copy(item, secrets, seen) ?? null);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const copied = secretKey(key) ? REDACTED : copy(item, secrets, seen);
        if (copied !== undefined) out[scrub(key, secrets)] = copied;
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  return {
    redact: (value) => copy(value, currentSecrets(), new Set()) ?? null,
    redactText: (text) => scrub(text, currentSecrets()),
    summarize(result) {
      const secrets = currentSecrets();
      let size = 0;
      try {
        size = Buffer.byteLength(JSON.stringify(result) ?? '');
      } catch {} // circular or bigint: the size stays unknown (0)
      // Scan a little past the cut so a secret straddling it is still recognised and replaced.
      const scan = SUMMARY_SCAN_CHARS + (secrets[0]?.length ?? 0);
      let text = textContent(result, scan);
      const structured = (result as { structuredContent?: unknown } | null)?.structuredContent;
      if (!text && structured !== undefined)
        text = JSON.stringify(copy(structured, secrets, new Set())).slice(0, scan);
      text = scrub(text, secrets).replace(/\s+/g, ' ').trim();
      return { size, summary: truncate(text, SUMMARY_MAX_CHARS) };
    },
  };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The readable part of an MCP result (tool content, prompt messages, resource contents). */
function textContent(result: unknown, maxChars: number): string {
  const parts: string[] = [];
  let length = 0;
  const add = (text: string) => {
    if (length >= maxChars) return;
    const part = text.slice(0, maxChars - length);
    parts.push(part);
    length += part.length + 1;
  };
  const visitBlock = (block: unknown) => {
    if (!block || typeof block !== 'object') return;
    const item = block as Record<string, unknown>;
    if (typeof item.text === 'string') add(item.text);
    else if (item.type === 'image' || item.type === 'audio') add(label(item.type, item.mimeType));
    else if (item.type === 'resource') visitBlock(item.resource);
    else if (item.type === 'resource_link') add(label('link', item.uri));
    else if (typeof item.blob === 'string') add(label('blob', item.mimeType));
    else if (item.content) visitBlock(item.content); // a prompt message
  };
  if (result && typeof result === 'object') {
    const { content, messages, contents } = result as Record<string, unknown>;
    for (const list of [content, messages, contents])
      if (Array.isArray(list)) for (const block of list) visitBlock(block);
  } else if (typeof result === 'string') add(result);
  return parts.join(' ');
}

function label(what: unknown, detail: unknown): string {
  return typeof detail === 'string' && detail ? `[${String(what)} ${detail}]` : `[${String(what)}]`;
}
