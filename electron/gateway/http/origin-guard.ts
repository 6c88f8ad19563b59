/**
 * DNS-rebinding protection for a server on loopback: a web page on another origin must not
 * reach it even when its name resolves to 127.0.0.1. Host must name a loopback host (or one
 * the user allowed); Origin, when sent, must too.
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

function hostnameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0]!;
}

export type OriginPolicy = { allowedHosts: Set<string> };

export function loopbackPolicy(extraHosts: string[] = []): OriginPolicy {
  return { allowedHosts: new Set([...LOOPBACK_NAMES, ...extraHosts.map((h) => h.toLowerCase())]) };
}

/** Returns why the request is refused, or undefined when it may pass. */
export function checkHostAndOrigin(
  headers: IncomingHttpHeaders,
  policy: OriginPolicy,
): string | undefined {
  const host = headers.host;
  if (!host) return 'missing Host header';
  if (!policy.allowedHosts.has(hostnameOf(host))) return `Host "${host}" is not allowed`;
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    const url = new URL(origin);
    originHost = url.hostname.toLowerCase();
  } catch {
    return `Origin "${origin}" is not a valid origin`;
  }
  const normalized =
    originHost.includes(':') && !originHost.startsWith('[') ? `[${originHost}]` : originHost;
  if (!policy.allowedHosts.has(normalized)) return `Origin "${origin}" is not allowed`;
  return undefined;
}
