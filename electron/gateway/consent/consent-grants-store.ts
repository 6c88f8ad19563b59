/**
 * The lasting "allow always" consent grants, in `<dataDir>/consent-grants.json`. Stored with
 * `conf` like the settings, so the desktop app and the headless gateway share one file; read
 * from disk on every look-up so a grant revoked elsewhere stops counting at once.
 */
import { randomUUID } from 'node:crypto';
import Conf from 'conf';
import { z } from 'zod';
import { type ConsentGrant, ConsentGrantSchema } from '../../../shared/consent.ts';
import { ConfigError } from '../config/servers-config.ts';

const GrantsFileSchema = z.object({ grants: z.array(ConsentGrantSchema).default([]) });

export type NewConsentGrant = Pick<ConsentGrant, 'profile' | 'server' | 'tool' | 'grantedBy'>;

export type ConsentGrantsStoreOptions = { now?: () => number };

export class ConsentGrantsStore {
  readonly #conf: Conf<Record<string, unknown>>;
  readonly #now: () => number;

  constructor(dataDir: string, options: ConsentGrantsStoreOptions = {}) {
    this.#conf = new Conf({
      cwd: dataDir,
      configName: 'consent-grants',
      projectName: 'switchboard',
    });
    this.#now = options.now ?? Date.now;
  }

  get file(): string {
    return this.#conf.path;
  }

  /** Every grant; throws a ConfigError naming the file when it is not valid. */
  list(): ConsentGrant[] {
    let raw: unknown;
    try {
      raw = this.#conf.store;
    } catch (error) {
      throw new ConfigError(this.file, '', `unreadable: ${(error as Error).message}`);
    }
    const parsed = GrantsFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(this.file, issue.path.join('.'), issue.message);
    }
    return parsed.data.grants;
  }

  find(profile: string, server: string, tool: string): ConsentGrant | undefined {
    return this.list().find(
      (grant) => grant.profile === profile && grant.server === server && grant.tool === tool,
    );
  }

  /** Adds a grant, or returns the one already there for the same profile, server and tool. */
  add(grant: NewConsentGrant): ConsentGrant {
    const grants = this.list();
    const existing = grants.find(
      (g) => g.profile === grant.profile && g.server === grant.server && g.tool === grant.tool,
    );
    if (existing) return existing;
    const created = ConsentGrantSchema.parse({
      ...grant,
      id: randomUUID(),
      grantedAt: this.#now(),
    });
    this.#conf.set('grants', [...grants, created]);
    return created;
  }

  /** False when no grant has this id (already revoked, or never existed). */
  revoke(id: string): boolean {
    const grants = this.list();
    const kept = grants.filter((grant) => grant.id !== id);
    if (kept.length === grants.length) return false;
    this.#conf.set('grants', kept);
    return true;
  }
}
