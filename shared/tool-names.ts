/**
 * How tool and prompt names from many servers share one namespace: `<prefix>__<name>`, where the
 * prefix is the server's name unless its settings give another ("" keeps names as they are).
 * Shared so the dashboard names a tool exactly as agents see it.
 */
export const SEPARATOR = '__';

export function exposedName(prefix: string, name: string): string {
  return prefix ? `${prefix}${SEPARATOR}${name}` : name;
}
