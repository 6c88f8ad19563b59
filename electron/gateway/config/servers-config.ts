/**
 * The server list, in the `mcpServers` shape Claude Desktop uses, so people can point
 * Switchboard at the file they already have.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** Names become tool prefixes and URI authorities, so they are kept to a safe alphabet. */
export const ServerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use letters, digits, "_", "." or "-" (at most 64)')
  .refine((name) => !name.includes('__'), 'must not contain "__" (it separates server and tool)');

/** Any name (a client's, a bundle's, a catalog entry's) made usable as a server name. */
export function toServerName(raw: string): string {
  if (ServerNameSchema.safeParse(raw).success) return raw;
  const cleaned = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/_{2,}/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return cleaned || 'server';
}

const StdioServerSchema = z.looseObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1, 'must not be empty'),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  disabled: z.boolean().optional(),
});

const RemoteServerSchema = z.looseObject({
  type: z.enum(['http', 'sse', 'streamable-http']).default('http'),
  url: z.url(),
  headers: z.record(z.string(), z.string()).default({}),
  disabled: z.boolean().optional(),
});

export const ServersFileSchema = z.looseObject({
  mcpServers: z.record(
    z.string(),
    z.looseObject({}, { error: 'must be an object describing one server' }),
  ),
});

/** Picks the entry's shape first, so that errors name the exact key rather than "no union member matched". */
function isRemote(entry: Record<string, unknown>): boolean {
  return 'url' in entry || (typeof entry.type === 'string' && entry.type !== 'stdio');
}

export type StdioServerSpec = {
  kind: 'stdio';
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
};
export type RemoteServerSpec = {
  kind: 'http' | 'sse';
  name: string;
  url: string;
  headers: Record<string, string>;
};
export type ServerSpec = StdioServerSpec | RemoteServerSpec;

/** An error that names the file and the key that were wrong. */
export class ConfigError extends Error {
  readonly file: string;
  readonly key: string;

  constructor(file: string, key: string, detail: string) {
    super(`${file}: ${key ? `"${key}" ` : ''}${detail}`);
    this.file = file;
    this.key = key;
    this.name = 'ConfigError';
  }
}

export function parseServersConfig(text: string, file: string): ServerSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = ServersFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(file, issue.path.join('.') || 'mcpServers', issue.message);
  }
  const specs: ServerSpec[] = [];
  for (const [name, entry] of Object.entries(parsed.data.mcpServers)) {
    const spec = parseServerEntry(file, name, entry);
    if (spec) specs.push(spec);
  }
  return specs;
}

/** One `mcpServers` entry; undefined when it is disabled. Errors name `mcpServers.<name>.<key>`. */
export function parseServerEntry(
  file: string,
  name: string,
  entry: Record<string, unknown>,
): ServerSpec | undefined {
  const key = `mcpServers.${name}`;
  const validName = ServerNameSchema.safeParse(name);
  if (!validName.success) {
    throw new ConfigError(
      file,
      key,
      `is not a usable server name: ${validName.error.issues[0]!.message}`,
    );
  }
  if (!('command' in entry) && !('url' in entry)) {
    throw new ConfigError(
      file,
      key,
      'needs either "command" (a local server) or "type" and "url" (a remote one)',
    );
  }
  const fail = (error: z.ZodError): never => {
    const issue = error.issues[0]!;
    throw new ConfigError(file, [key, ...issue.path].join('.'), issue.message);
  };
  if (isRemote(entry)) {
    const result = RemoteServerSchema.safeParse(entry);
    if (!result.success) return fail(result.error);
    if (result.data.disabled) return undefined;
    const { type, url, headers } = result.data;
    return { kind: type === 'sse' ? 'sse' : 'http', name, url, headers };
  }
  const result = StdioServerSchema.safeParse(entry);
  if (!result.success) return fail(result.error);
  if (result.data.disabled) return undefined;
  const { args, cwd } = result.data;
  const { command, env } = installedRuntime(entry, result.data.command, result.data.env);
  return { kind: 'stdio', name, command, args, env, ...(cwd ? { cwd } : {}) };
}

/**
 * Node servers Switchboard installed (`install.source` npm or mcpb, command `node`) run on the
 * Node Switchboard itself runs on: a user may have no `node` on PATH, or an old one. Inside
 * Electron that binary is Electron's, which acts as Node with ELECTRON_RUN_AS_NODE.
 */
function installedRuntime(
  entry: Record<string, unknown>,
  command: string,
  env: Record<string, string>,
): { command: string; env: Record<string, string> } {
  const source = (entry.install as { source?: unknown } | undefined)?.source;
  if (command !== 'node' || (source !== 'npm' && source !== 'mcpb')) return { command, env };
  const electron = Boolean(process.versions.electron);
  return {
    command: process.execPath,
    env: electron ? { ...env, ELECTRON_RUN_AS_NODE: '1' } : env,
  };
}

export async function loadServersConfig(file: string): Promise<ServerSpec[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      file,
      '',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return parseServersConfig(text, file);
}
