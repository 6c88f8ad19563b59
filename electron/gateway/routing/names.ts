/**
 * How names and URIs from many servers share one namespace. Tools and prompts become
 * `<prefix>__<name>`; resource URIs become `switchboard://<server>/<original>`, which stays a
 * valid URI (and a valid URI template for templates) and never depends on which other servers
 * are present.
 */
export { exposedName, SEPARATOR } from '../../../shared/tool-names.ts';
const URI_SCHEME = 'switchboard://';

export function wrapUri(server: string, uri: string): string {
  return `${URI_SCHEME}${server}/${uri}`;
}

/** Splits a wrapped URI; undefined when the URI is not one of ours. */
export function unwrapUri(uri: string): { server: string; uri: string } | undefined {
  if (!uri.startsWith(URI_SCHEME)) return undefined;
  const rest = uri.slice(URI_SCHEME.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { server: rest.slice(0, slash), uri: rest.slice(slash + 1) };
}

/**
 * Rewrites the `uri` of resource contents and links inside results (tool results, prompt
 * messages, read results) so that a client can read them back through the gateway.
 * Copies only what it changes.
 */
export function wrapUrisDeep<T>(value: T, server: string): T {
  if (Array.isArray(value)) {
    let changed = false;
    const next = value.map((item) => {
      const mapped = wrapUrisDeep(item, server);
      if (mapped !== item) changed = true;
      return mapped;
    });
    return (changed ? next : value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(record)) {
    let mapped = child;
    if (key === 'uri' && typeof child === 'string' && looksLikeResource(record))
      mapped = wrapUri(server, child);
    else if (key !== '_meta' && typeof child === 'object' && child !== null)
      mapped = wrapUrisDeep(child, server);
    if (mapped !== child) {
      copy ??= { ...record };
      copy[key] = mapped;
    }
  }
  return (copy ?? record) as T;
}

/** Resource contents carry `text` or `blob`; links say `type: "resource_link"`. */
function looksLikeResource(record: Record<string, unknown>): boolean {
  return (
    record.type === 'resource_link' || 'text' in record || 'blob' in record || 'mimeType' in record
  );
}
