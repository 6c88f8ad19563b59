/**
 * The AI clients whose config files Switchboard can read and write (Claude Desktop, Cursor,
 * VS Code, Claude Code, Windsurf), and what the admin API says about them. Never a secret
 * value: literal secrets are named by key only.
 */
import { z } from 'zod';

export const CLIENT_CONFIG_IDS = [
  'claude-desktop',
  'cursor',
  'vscode',
  'claude-code',
  'windsurf',
] as const;
export const ClientConfigIdSchema = z.enum(CLIENT_CONFIG_IDS);
export type ClientConfigId = z.infer<typeof ClientConfigIdSchema>;

/** How a client reaches the gateway: Streamable HTTP with a header, or the stdio bridge. */
export const ClientLinkSchema = z.enum(['http', 'stdio']);
export type ClientLink = z.infer<typeof ClientLinkSchema>;

/** One server entry found in a client's file, as Switchboard would import it. */
export const FoundServerSchema = z.object({
  /** The name in Switchboard (the client's own name, made safe if need be). */
  name: z.string(),
  /** The name in the client's file. */
  sourceName: z.string(),
  transport: z.enum(['stdio', 'http', 'sse']),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  url: z.string().optional(),
  envKeys: z.array(z.string()),
  headerKeys: z.array(z.string()),
  /** Env or header keys holding a literal secret (not a `${secret:NAME}` reference). */
  literalSecrets: z.array(z.string()),
  /** `new`: can be imported; `configured`: Switchboard has a server of that name. */
  state: z.enum(['new', 'configured', 'disabled', 'invalid']),
  problem: z.string().optional(),
});
export type FoundServer = z.infer<typeof FoundServerSchema>;

export const ClientConfigViewSchema = z.object({
  client: ClientConfigIdSchema,
  label: z.string(),
  /** The file read (or the one connect would create). */
  file: z.string(),
  found: z.boolean(),
  link: ClientLinkSchema,
  /** The file has an entry pointing at Switchboard already. */
  connected: z.boolean(),
  /** Switchboard connected it and can put the file back as it was. */
  canUndo: z.boolean(),
  servers: z.array(FoundServerSchema),
  /** The file exists but cannot be read or parsed (names the position). */
  error: z.string().optional(),
});
export type ClientConfigView = z.infer<typeof ClientConfigViewSchema>;

export const ClientConnectResultSchema = z.object({
  client: ClientConfigIdSchema,
  file: z.string(),
  /** A copy of the file as it was; absent when the file did not exist. */
  backup: z.string().optional(),
  created: z.boolean(),
  /** The client identity created for it (its token went into the file only). */
  clientName: z.string(),
  link: ClientLinkSchema,
  /** The entry written, with the token shown as `<token>`. */
  entry: z.record(z.string(), z.unknown()),
});
export type ClientConnectResult = z.infer<typeof ClientConnectResultSchema>;

export const ClientUndoResultSchema = z.object({
  client: ClientConfigIdSchema,
  file: z.string(),
  /** `restored`: the backup is back in place; `removed`: connect had created the file. */
  outcome: z.enum(['restored', 'removed']),
  revoked: z.string(),
  /** The file had changed since connect: that version was kept here first. */
  keptChanges: z.string().optional(),
});
export type ClientUndoResult = z.infer<typeof ClientUndoResultSchema>;

export const ClientImportResultSchema = z.object({
  added: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  /** Secrets now in the secret store, as `server/KEY` (never their values). */
  secretsMoved: z.array(z.string()),
});
export type ClientImportResult = z.infer<typeof ClientImportResultSchema>;

export const ServersExportSchema = z.object({
  document: z.object({ mcpServers: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  /** Literal values that looked like secrets and were left out, as `server.env.KEY`. */
  redacted: z.array(z.string()),
});
export type ServersExport = z.infer<typeof ServersExportSchema>;
