/**
 * The one contract between the engine and every UI: the dashboard in a browser (HTTP + SSE),
 * the dashboard in the desktop app (Electron IPC), and the CLI. Each method has a params and a
 * result schema; each event a payload schema. Carriers and clients are derived from this
 * object, never typed again by hand. Names: `domain:verb`, events in the past tense.
 */
import { z } from 'zod';
import { CallLogEntrySchema, CallLogPageSchema, CallLogQuerySchema } from './call-log.ts';
import {
  ClientConfigIdSchema,
  ClientConfigViewSchema,
  ClientConnectResultSchema,
  ClientImportResultSchema,
  ClientUndoResultSchema,
  ServersExportSchema,
} from './client-configs.ts';
import { InstallProgressSchema, InstallSourceSchema, SettingFieldSchema } from './install.ts';
import { CatalogFiltersSchema, CatalogSourceSchema, CatalogSummarySchema } from './catalog-view.ts';
import {
  ClientInfoSchema,
  ClientNameSchema,
  ProfileNameSchema,
  ProfileSchema,
  ToolPolicySchema,
} from './clients.ts';
import {
  ConsentAnswerSchema,
  ConsentGrantSchema,
  ConsentOutcomeSchema,
  ConsentRequestSchema,
} from './consent.ts';
import {
  IsolationModeSchema,
  ResultCacheSecondsSchema,
  ServerSummarySchema,
} from './server-status.ts';

const Empty = z.object({});
const ServerRef = z.object({ name: z.string().min(1) });
const Ok = z.object({ ok: z.literal(true) });
/** Names to values to set (a string) or remove (null). */
const WriteOnlyValues = z.record(
  z.string().regex(/^[^\s=:]+$/, 'names have no spaces, "=" or ":"'),
  z.string().nullable(),
);

export const ToolViewSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
  /** The policy in force for the profile asked about, and what decided it. */
  policy: ToolPolicySchema,
  policySource: z.enum(['profile', 'annotation', 'server-default', 'default']),
});
export type ToolView = z.infer<typeof ToolViewSchema>;

export const ToolHitSchema = z.object({
  name: z.string(),
  server: z.string(),
  description: z.string(),
  score: z.number(),
});
export type ToolHit = z.infer<typeof ToolHitSchema>;

export const ServerSettingsSchema = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http', 'sse']),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  url: z.string().optional(),
  /** The working directory of a local server, when set. */
  cwd: z.string().optional(),
  /** Environment variable names only: values may be secrets and never leave the engine. */
  envKeys: z.array(z.string()),
  /** HTTP header names of a remote server; values never leave the engine either. */
  headerKeys: z.array(z.string()),
  secrets: z.array(z.object({ key: z.string(), set: z.boolean(), profile: z.string().optional() })),
  isolation: IsolationModeSchema,
  lazy: z.boolean(),
  prefix: z.string(),
  defaultPolicy: ToolPolicySchema.optional(),
  resultCacheSeconds: ResultCacheSecondsSchema.optional(),
});

export const GatewaySettingsViewSchema = z.object({
  url: z.string(),
  port: z.number().int(),
  dataDir: z.string(),
  secretStore: z.enum(['keychain', 'file']),
  defaultPolicy: ToolPolicySchema,
  consentTimeoutSeconds: z.number().int(),
  logRetentionDays: z.number().int(),
  logMaxRows: z.number().int(),
});
export const GatewaySettingsPatchSchema = GatewaySettingsViewSchema.pick({
  defaultPolicy: true,
  consentTimeoutSeconds: true,
  logRetentionDays: true,
  logMaxRows: true,
}).partial();

function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R) {
  return { params, result };
}

export const contract = {
  methods: {
    'servers:list': method(Empty, z.array(ServerSummarySchema)),
    'servers:start': method(ServerRef, Ok),
    'servers:stop': method(ServerRef, Ok),
    'servers:restart': method(ServerRef, Ok),
    'servers:add': method(
      z.object({
        name: z.string(),
        /** The `mcpServers` entry, as in Claude Desktop's config. */
        entry: z.record(z.string(), z.unknown()),
        /** Tools of newly installed servers ask first unless told otherwise. */
        defaultPolicy: ToolPolicySchema.default('ask'),
      }),
      ServerSummarySchema,
    ),
    'servers:remove': method(ServerRef, Ok),
    /** Adds every server of an `mcpServers` file (e.g. Claude Desktop's) not configured yet. */
    'servers:import': method(
      z.object({ file: z.string().min(1) }),
      z.object({ added: z.array(z.string()), skipped: z.array(z.string()) }),
    ),
    'servers:stderr': method(ServerRef, z.array(z.string())),
    'servers:tools': method(
      ServerRef.extend({ profile: ProfileNameSchema.default('default') }),
      z.array(ToolViewSchema),
    ),
    'servers:settings': method(ServerRef, ServerSettingsSchema),
    /**
     * Changes how a server is launched or reached; saved to the `mcpServers` file and applied
     * by restarting it. Env and header values are write-only: a string sets one, null removes it.
     */
    'servers:update': method(
      ServerRef.extend({
        command: z.string().trim().min(1, 'must not be empty').optional(),
        args: z.array(z.string()).optional(),
        cwd: z.string().trim().min(1, 'must not be empty').nullable().optional(),
        env: WriteOnlyValues.optional(),
        url: z.string().trim().optional(),
        headers: WriteOnlyValues.optional(),
      }),
      ServerSettingsSchema,
    ),
    'servers:configure': method(
      ServerRef.extend({
        isolation: IsolationModeSchema.optional(),
        lazy: z.boolean().optional(),
        defaultPolicy: ToolPolicySchema.nullable().optional(),
        /** null switches the result cache off. */
        resultCacheSeconds: ResultCacheSecondsSchema.nullable().optional(),
      }),
      ServerSettingsSchema,
    ),
    'policies:set': method(
      z.object({
        profile: ProfileNameSchema,
        server: z.string(),
        tool: z.string(),
        policy: ToolPolicySchema.nullable(),
      }),
      Ok,
    ),
    'profiles:list': method(Empty, z.record(z.string(), ProfileSchema)),
    'profiles:set': method(z.object({ name: ProfileNameSchema, profile: ProfileSchema }), Ok),
    /** The catalog: the MCP Registry when it answers, its cached listing, the bundled catalog. */
    'catalog:search': method(
      CatalogFiltersSchema.extend({
        query: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(500).default(50),
        /** Ask the registry even if its cached listing is recent. */
        refresh: z.boolean().optional(),
      }),
      z.object({
        entries: z.array(CatalogSummarySchema),
        source: CatalogSourceSchema,
        /** Entries left out as malformed: where from, which, and why. */
        problems: z.array(
          z.object({
            source: z.string(),
            index: z.number().int(),
            name: z.string().optional(),
            problem: z.string(),
          }),
        ),
      }),
    ),
    'catalog:show': method(
      z.object({ name: z.string().min(1) }),
      z.object({ server: z.record(z.string(), z.unknown()), summary: CatalogSummarySchema }),
    ),
    /** What installing a catalog entry asks for: exactly the settings and secrets it declares. */
    'installs:plan': method(
      z.object({ catalog: z.string().min(1), source: InstallSourceSchema.optional() }),
      z.object({
        summary: CatalogSummarySchema,
        source: InstallSourceSchema,
        /** Every way the entry can be installed, the chosen one first. */
        sources: z.array(InstallSourceSchema),
        version: z.string().optional(),
        defaultName: z.string(),
        settings: z.array(SettingFieldSchema),
      }),
    ),
    /**
     * Installs a catalog entry in the background; `installs:progress` follows it to `done`
     * (the server is added and starting) or `failed` (nothing is left behind). Settings are
     * checked first: a missing required one is refused here, by name.
     */
    'installs:start': method(
      z.object({
        catalog: z.string().min(1),
        version: z.string().min(1).max(100).optional(),
        name: z.string().optional(),
        source: InstallSourceSchema.optional(),
        /** Settings and secrets by name; secrets go to the keychain and are never returned. */
        values: z.record(z.string(), z.string().max(10_000)).default({}),
        defaultPolicy: ToolPolicySchema.default('ask'),
      }),
      z.object({ id: z.string(), server: z.string() }),
    ),
    /** Installs under way and the last few finished. */
    'installs:list': method(Empty, z.array(InstallProgressSchema)),
    /** What a local .mcpb bundle is and the settings its manifest's user_config asks for. */
    'installs:bundle-plan': method(
      z.object({ file: z.string().min(1) }),
      z.object({
        file: z.string(),
        name: z.string(),
        title: z.string(),
        version: z.string(),
        description: z.string(),
        settings: z.array(SettingFieldSchema),
      }),
    ),
    /** Installs a local .mcpb bundle; sensitive values go to the keychain, never returned. */
    'installs:bundle': method(
      z.object({
        file: z.string().min(1),
        name: z.string().optional(),
        values: z.record(z.string(), z.string().max(10_000)).default({}),
        defaultPolicy: ToolPolicySchema.default('ask'),
      }),
      z.object({ server: z.string(), missingSecrets: z.array(z.string()) }),
    ),
    /** Removes the server, its files in the data dir and its secrets. */
    'installs:uninstall': method(
      ServerRef,
      z.object({ files: z.boolean(), secrets: z.number().int() }),
    ),
    /** Installed servers whose catalog entry (the live registry first) has a newer version. */
    'installs:updates': method(
      Empty,
      z.array(
        z.object({ server: z.string(), catalog: z.string(), from: z.string(), to: z.string() }),
      ),
    ),
    /** Moves an installed server to its catalog entry's version, keeping its settings. */
    'installs:update': method(ServerRef, z.object({ from: z.string().optional(), to: z.string() })),
    /** What an agent of this profile gets from search_tools for a query (`search` exposure). */
    'tools:search': method(
      z.object({
        profile: ProfileNameSchema,
        query: z.string().trim().min(1, 'type what the agent wants to do').max(1000),
        limit: z.number().int().min(1).max(50).default(8),
      }),
      z.object({
        tools: z.array(ToolHitSchema),
        /** How many tools the profile's clients can see (and search). */
        searched: z.number().int().nonnegative(),
      }),
    ),
    'clients:list': method(Empty, z.array(ClientInfoSchema)),
    'clients:add': method(
      z.object({ name: ClientNameSchema, profile: ProfileNameSchema.default('default') }),
      z.object({ client: ClientInfoSchema, token: z.string() }),
    ),
    'clients:revoke': method(z.object({ id: z.string() }), ClientInfoSchema),
    /** The AI clients' own config files: their servers, and whether they lead to Switchboard. */
    'clientConfigs:list': method(Empty, z.array(ClientConfigViewSchema)),
    'clientConfigs:import': method(
      z.object({
        client: ClientConfigIdSchema,
        /** Only these servers; all new ones when absent. */
        names: z.array(z.string()).optional(),
        moveSecrets: z.boolean().default(true),
      }),
      ClientImportResultSchema,
    ),
    /** Writes Switchboard into the client's file with a fresh token (backup first). */
    'clientConfigs:connect': method(
      z.object({ client: ClientConfigIdSchema, profile: ProfileNameSchema.default('default') }),
      ClientConnectResultSchema,
    ),
    'clientConfigs:undo': method(
      z.object({ client: ClientConfigIdSchema }),
      ClientUndoResultSchema,
    ),
    /** The servers as an `mcpServers` document; secrets as references, never values. */
    'servers:export': method(Empty, ServersExportSchema),
    'consent:pending': method(Empty, z.array(ConsentRequestSchema)),
    'consent:answer': method(
      z.object({ id: z.string(), answer: ConsentAnswerSchema }),
      z.object({ accepted: z.boolean() }),
    ),
    'grants:list': method(Empty, z.array(ConsentGrantSchema)),
    'grants:revoke': method(z.object({ id: z.string() }), Ok),
    'log:query': method(CallLogQuerySchema, CallLogPageSchema),
    'secrets:set': method(
      z.object({
        server: z.string(),
        key: z.string(),
        value: z.string().min(1),
        profile: ProfileNameSchema.optional(),
      }),
      Ok,
    ),
    'secrets:delete': method(
      z.object({ server: z.string(), key: z.string(), profile: ProfileNameSchema.optional() }),
      z.object({ deleted: z.boolean() }),
    ),
    'settings:get': method(Empty, GatewaySettingsViewSchema),
    'settings:set': method(GatewaySettingsPatchSchema, GatewaySettingsViewSchema),
    /** A fresh single-use link that opens the dashboard in a browser (`switchboard dashboard`). */
    'dashboard:login-url': method(Empty, z.object({ url: z.string() })),
  },
  events: {
    'servers:status-changed': ServerSummarySchema,
    'consent:requested': ConsentRequestSchema,
    'consent:resolved': ConsentOutcomeSchema,
    'log:appended': CallLogEntrySchema,
    'clients:changed': z.array(ClientInfoSchema),
    'installs:progress': InstallProgressSchema,
  },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract['methods'];
export type EventName = keyof Contract['events'];
export type MethodParams<M extends MethodName> = z.input<Contract['methods'][M]['params']>;
export type MethodResult<M extends MethodName> = z.output<Contract['methods'][M]['result']>;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

/** Results cross the boundary as values, never as thrown errors. */
export type ApiError = {
  code: 'invalid-params' | 'not-found' | 'conflict' | 'unauthorized' | 'internal';
  message: string;
};
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What every carrier (HTTP client, IPC bridge, test fake) offers the renderer. */
export interface EngineApi {
  call<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
  ): Promise<ApiResult<MethodResult<M>>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
  /**
   * For carriers whose events can lapse (HTTP: the stream connects after the first calls, and
   * reconnects after a drop): `listener` runs each time events flow again, because whatever
   * happened meanwhile was not delivered and snapshots must be loaded afresh. Carriers that
   * never lapse (IPC) leave it out.
   */
  onLive?(listener: () => void): () => void;
}

export const METHOD_NAMES = Object.keys(contract.methods) as MethodName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];
