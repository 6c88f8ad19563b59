/**
 * Switchboard's own settings (per-server options, gateway limits), kept beside the server
 * list in the data dir. Stored with `conf`, the library electron-store is built on, so the
 * desktop app reads and writes the same file.
 */
import Conf from 'conf';
import { z } from 'zod';
import {
  ProfileNameSchema,
  ProfileSchema,
  ToolPolicySchema,
  type Profile,
} from '../../../shared/clients.ts';
import { IsolationModeSchema, ResultCacheSecondsSchema } from '../../../shared/server-status.ts';
import { CallLogOptionsSchema } from '../audit/call-log.ts';
import { LimitsOptionsSchema } from '../limits/limits-options.ts';
import { ConfigError } from './servers-config.ts';

export const ServerOptionsSchema = z.strictObject({
  /** How upstream connections are shared between downstream sessions. */
  isolation: IsolationModeSchema.optional(),
  /** Replaces the server name in front of `__` in tool and prompt names; "" means none. */
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{0,64}$/)
    .optional(),
  /** Start the server on first use instead of at gateway start. */
  lazy: z.boolean().optional(),
  /** Stop a server nobody has used for this long; it starts again on next use. */
  idleStopSeconds: z.number().int().positive().optional(),
  /** The policy for this server's tools that neither a profile nor annotations decide ("ask" for newly installed servers). */
  defaultPolicy: ToolPolicySchema.optional(),
  /** Keep results of its read-only tools (readOnlyHint) this long, per client; off when unset. */
  resultCacheSeconds: ResultCacheSecondsSchema.optional(),
});
export type ServerOptions = z.infer<typeof ServerOptionsSchema>;

export const GatewayLimitsSchema = z.strictObject({
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  pageSize: z.number().int().min(1).max(10_000).default(500),
  requestTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  startTimeoutMs: z.number().int().positive().default(60_000),
  healthPingMs: z.number().int().nonnegative().default(30_000),
  listChangedDebounceMs: z.number().int().nonnegative().default(50),
  restartBaseMs: z.number().int().positive().default(500),
  restartCapMs: z.number().int().positive().default(30_000),
  maxRestarts: z.number().int().nonnegative().default(8),
  sessionIdleMs: z
    .number()
    .int()
    .positive()
    .default(60 * 60_000),
});
export type GatewayLimits = z.infer<typeof GatewayLimitsSchema>;

export const PolicySettingsSchema = z.strictObject({
  /** For tools no profile, annotation or server default decides. */
  defaultPolicy: ToolPolicySchema.default('allow'),
  consentTimeoutSeconds: z.number().int().min(1).max(3600).default(120),
});

export const CatalogSettingsSchema = z.strictObject({
  /** The MCP Registry asked for the catalog; null keeps it offline (bundled and cached only). */
  registryUrl: z.url().nullable().default('https://registry.modelcontextprotocol.io'),
  /** How long a fetched listing is used before the registry is asked again. */
  cacheMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
});

export const DEFAULT_PROFILE = 'default';

export const SettingsSchema = z
  .strictObject({
    servers: z.record(z.string(), ServerOptionsSchema).default({}),
    limits: GatewayLimitsSchema.default(GatewayLimitsSchema.parse({})),
    policy: PolicySettingsSchema.default(PolicySettingsSchema.parse({})),
    profiles: z.record(ProfileNameSchema, ProfileSchema).default({}),
    // prefault: an absent section is parsed, so its inner defaults apply.
    callLog: CallLogOptionsSchema.prefault({}),
    quotas: LimitsOptionsSchema.prefault({}),
    catalog: CatalogSettingsSchema.prefault({}),
  })
  // There is always a default profile: every server, defaults for every tool.
  .transform((settings) => ({
    ...settings,
    profiles: { [DEFAULT_PROFILE]: ProfileSchema.parse({}), ...settings.profiles } as Record<
      string,
      Profile
    >,
  }));
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_LIMITS: GatewayLimits = GatewayLimitsSchema.parse({});

export class SettingsStore {
  readonly #conf: Conf<Record<string, unknown>>;

  constructor(dataDir: string) {
    this.#conf = new Conf({ cwd: dataDir, configName: 'settings', projectName: 'switchboard' });
  }

  get file(): string {
    return this.#conf.path;
  }

  read(): Settings {
    const parsed = SettingsSchema.safeParse(this.#conf.store);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(this.file, issue.path.join('.'), issue.message);
    }
    return parsed.data;
  }

  setServerOptions(name: string, options: ServerOptions): void {
    const valid = ServerOptionsSchema.parse(options);
    this.#conf.set(`servers.${escapeKey(name)}`, valid);
  }

  deleteServerOptions(name: string): void {
    this.#conf.delete(`servers.${escapeKey(name)}`);
  }

  setProfile(name: string, profile: Profile): void {
    this.#conf.set(`profiles.${escapeKey(name)}`, ProfileSchema.parse(profile));
  }

  setPolicy(policy: z.input<typeof PolicySettingsSchema>): void {
    this.#conf.set('policy', PolicySettingsSchema.parse(policy));
  }

  /** Only the retention keys: the rest of the call log section stays as the user wrote it. */
  setCallLogRetention(retention: { retentionDays: number; maxRows: number }): void {
    this.#conf.set('callLog.retentionDays', retention.retentionDays);
    this.#conf.set('callLog.maxRows', retention.maxRows);
  }
}

/** conf reads dots as nesting; names may contain them. */
function escapeKey(name: string): string {
  return name.replaceAll('.', '\\.');
}
