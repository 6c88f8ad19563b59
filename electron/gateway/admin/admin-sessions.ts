/**
 * Browser logins to the dashboard. The admin token never goes into a URL: `switchboard serve`
 * (or the desktop app) prints a one-time login link instead, whose code is random, single use
 * and short-lived. Redeeming it starts a session held only in memory, named by an HttpOnly,
 * SameSite=Strict cookie: a gateway restart logs every browser out.
 */
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'switchboard_session';
export const LOGIN_CODE_TTL_MS = 10 * 60_000;
/** Old sessions make way for new ones beyond this many (each login link adds one). */
const MAX_SESSIONS = 64;

/** Kept hashed: a memory dump or debug print of the maps holds no usable secret. */
function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export class AdminSessions {
  readonly #codes = new Map<string, number>();
  readonly #sessions = new Set<string>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  createLoginCode(): string {
    this.#dropExpiredCodes();
    const code = randomBytes(24).toString('base64url');
    this.#codes.set(hash(code), this.#now() + LOGIN_CODE_TTL_MS);
    return code;
  }

  /** A new session id for a valid code (which is used up), else undefined. */
  redeem(code: string): string | undefined {
    const key = hash(code);
    const expiresAt = this.#codes.get(key);
    this.#codes.delete(key);
    if (expiresAt === undefined || expiresAt < this.#now()) return undefined;
    const session = randomBytes(32).toString('base64url');
    this.#sessions.add(hash(session));
    if (this.#sessions.size > MAX_SESSIONS) {
      const [oldest] = this.#sessions;
      this.#sessions.delete(oldest!);
    }
    return session;
  }

  /** Looked up by hash, so the comparison does not depend on how much of the id matched. */
  isValid(session: string | undefined): boolean {
    return session !== undefined && this.#sessions.has(hash(session));
  }

  clear(): void {
    this.#codes.clear();
    this.#sessions.clear();
  }

  #dropExpiredCodes(): void {
    const now = this.#now();
    for (const [key, expiresAt] of this.#codes) if (expiresAt < now) this.#codes.delete(key);
  }
}

/** The session cookie's value from a Cookie header. */
export function sessionFromCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

export function sessionCookie(session: string): string {
  return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`;
}
