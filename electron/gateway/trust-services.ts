/**
 * The parts of the engine that make it trustworthy, built once per gateway: the call log,
 * consent (broker and persisted grants), rate and concurrency limits, keychain secrets, and the
 * call gate that puts them in front of every call.
 */
import type { ServerSpec } from './config/servers-config.ts';
import type { Settings } from './config/settings.ts';
import { CallLog } from './audit/call-log.ts';
import { ConsentBroker } from './consent/consent-broker.ts';
import { ConsentGrantsStore } from './consent/consent-grants-store.ts';
import { ConcurrencyLimiter } from './limits/concurrency-limiter.ts';
import { RateLimiter } from './limits/rate-limiter.ts';
import { CallGate } from './policy/call-gate.ts';
import { ResultCache } from './result-cache/result-cache.ts';
import { openSecretStore } from './secrets/open-secret-store.ts';
import {
  findSecretReferences,
  resolveSecretReferences,
  SecretValueRegistry,
} from './secrets/secret-references.ts';
import type { SecretStore } from './secrets/secret-store.ts';

export type TrustLog = { info: (message: string) => void; warn: (message: string) => void };

export class TrustServices {
  readonly secretValues = new SecretValueRegistry();
  readonly callLog: CallLog;
  readonly grants: ConsentGrantsStore;
  readonly consent: ConsentBroker;
  readonly rate: RateLimiter;
  readonly concurrency: ConcurrencyLimiter;
  readonly gate: CallGate;
  /** Results of read-only tools, per client, for servers with `resultCacheSeconds`. */
  readonly results = new ResultCache();
  readonly #dataDir: string;
  #secrets?: SecretStore;

  constructor(dataDir: string, settings: () => Settings) {
    this.#dataDir = dataDir;
    const current = settings();
    this.callLog = new CallLog({
      dataDir,
      options: current.callLog,
      secretValues: () => this.secretValues.valuesForRedaction(),
      onError: (error) => process.stderr.write(`switchboard: call log: ${error.message}\n`),
    });
    this.grants = new ConsentGrantsStore(dataDir);
    this.consent = new ConsentBroker({
      grants: this.grants,
      timeoutMs: current.policy.consentTimeoutSeconds * 1000,
    });
    const { rate, concurrency } = current.quotas;
    this.rate = new RateLimiter({
      perClient: rate.perClient,
      perClientTool: rate.perClientTool,
      idleEvictMs: rate.idleEvictMs,
    });
    this.concurrency = new ConcurrencyLimiter(concurrency);
    this.gate = new CallGate({
      settings,
      consent: this.consent,
      rate: this.rate,
      concurrency: this.concurrency,
      log: this.callLog,
      results: this.results,
    });
  }

  /** Opens the keychain (or, loudly, the fallback file). Before any server is spawned. */
  async open(log: TrustLog): Promise<void> {
    this.#secrets = await openSecretStore({ dataDir: this.#dataDir, log });
  }

  get secrets(): SecretStore {
    if (!this.#secrets) throw new Error('secret store not open yet');
    return this.#secrets;
  }

  /** A server's secrets, read at spawn time only; per-profile values win over shared ones. */
  resolveSecrets(
    spec: ServerSpec,
    profile: string | undefined,
  ): Promise<{ env: Record<string, string>; headers: Record<string, string> }> {
    const holder = spec.kind === 'stdio' ? { env: spec.env } : { headers: spec.headers };
    if (findSecretReferences(holder).length === 0) return Promise.resolve({ env: {}, headers: {} });
    return resolveSecretReferences(holder, {
      server: spec.name,
      ...(profile ? { profile } : {}),
      store: this.secrets,
      registry: this.secretValues,
    }).catch((error: unknown) => {
      // A missing secret will not appear by retrying: the connection fails at once.
      throw Object.assign(error as Error, { permanent: true });
    });
  }

  close(): void {
    this.consent.shutdown();
    this.callLog.close();
  }
}
