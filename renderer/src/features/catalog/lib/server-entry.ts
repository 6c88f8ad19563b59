/**
 * The "add server" form as an `mcpServers` entry (Claude Desktop's shape). Secret values never
 * go into the entry: it holds a `${secret:NAME}` reference and the value goes to the keychain.
 */
export type Transport = 'stdio' | 'http' | 'sse';

export type KeyValueRow = { key: string; value: string; secret: boolean };

export type AddServerForm = {
  name: string;
  transport: Transport;
  command: string;
  args: string;
  url: string;
  /** Environment variables (stdio) or headers (http, sse). */
  rows: KeyValueRow[];
};

export type BuiltEntry = {
  entry: Record<string, unknown>;
  /** Secrets to store before the server starts: NAME → value. */
  secrets: { key: string; value: string }[];
};

export const EMPTY_FORM: AddServerForm = {
  name: '',
  transport: 'stdio',
  command: '',
  args: '',
  url: '',
  rows: [],
};

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const SECRET_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** Splits an argument line like a shell would for plain words and quoted strings (no expansion). */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < line.length) current += line[++index];
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

/** A secret's name from a variable or header name: "Authorization" → "AUTHORIZATION". */
export function secretNameFor(key: string): string {
  const name = key
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9_-]/g, '_');
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

/** What is wrong with the form, field by field; empty when it can be sent. */
export function validateForm(
  form: AddServerForm,
  existing: readonly string[],
): Partial<Record<'name' | 'command' | 'url' | 'rows', string>> {
  const problems: Partial<Record<'name' | 'command' | 'url' | 'rows', string>> = {};
  const name = form.name.trim();
  if (!name) problems.name = 'Give the server a name.';
  else if (!SERVER_NAME.test(name))
    problems.name = 'Use letters, digits, "_", "." or "-" (at most 64).';
  else if (existing.includes(name)) problems.name = `A server named "${name}" already exists.`;
  if (form.transport === 'stdio' && !form.command.trim())
    problems.command = 'Enter the command that starts the server.';
  if (form.transport !== 'stdio') {
    try {
      const url = new URL(form.url.trim());
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        problems.url = 'Use an http:// or https:// URL.';
    } catch {
      problems.url = 'Enter the server URL, e.g. https://example.com/mcp.';
    }
  }
  const keys = form.rows.map((row) => row.key.trim()).filter(Boolean);
  const blank = form.rows.find((row) => !row.key.trim() && row.value);
  if (blank) problems.rows = 'Every value needs a name.';
  else if (new Set(keys).size !== keys.length) problems.rows = 'Each name may appear once.';
  else if (form.rows.some((row) => row.secret && row.key.trim() && !row.value))
    problems.rows = 'Enter a value for each secret.';
  else if (form.rows.some((row) => row.secret && !SECRET_KEY.test(secretNameFor(row.key))))
    problems.rows = 'Secret names use letters, digits, "_" or "-".';
  return problems;
}

export function buildEntry(form: AddServerForm): BuiltEntry {
  const secrets: BuiltEntry['secrets'] = [];
  const values: Record<string, string> = {};
  for (const row of form.rows) {
    const key = row.key.trim();
    if (!key) continue;
    if (row.secret) {
      const name = secretNameFor(key);
      secrets.push({ key: name, value: row.value });
      values[key] = `\${secret:${name}}`;
    } else values[key] = row.value;
  }
  const hasValues = Object.keys(values).length > 0;
  if (form.transport === 'stdio') {
    return {
      entry: {
        command: form.command.trim(),
        args: splitArgs(form.args),
        ...(hasValues ? { env: values } : {}),
      },
      secrets,
    };
  }
  return {
    entry: {
      type: form.transport,
      url: form.url.trim(),
      ...(hasValues ? { headers: values } : {}),
    },
    secrets,
  };
}
