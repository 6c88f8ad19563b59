/** Builds the transport for one server spec: a child over stdio, or a remote over Streamable HTTP / SSE. */
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RemoteServerSpec, ServerSpec } from '../config/servers-config.ts';
import { childEnvironment } from './child-environment.ts';
import type { ChildRegistry } from './child-registry.ts';
import type { LineRingBuffer } from './ring-buffer.ts';
import { StdioChildTransport } from './stdio-child-transport.ts';

export type TransportContext = {
  stderr: LineRingBuffer;
  registry?: ChildRegistry;
  /** PATH for children (the login shell's, when the app was started from a desktop session). */
  path?: string;
  /** Extra environment (secrets) or headers injected at spawn time only. */
  secretEnv?: Record<string, string>;
  secretHeaders?: Record<string, string>;
  /** Reads the server's secrets (keychain) at each spawn or connect, and nowhere else. */
  resolveSecrets?: () => Promise<{ env: Record<string, string>; headers: Record<string, string> }>;
};

export function createTransport(
  spec: ServerSpec,
  context: TransportContext,
  preferSse = false,
): Transport {
  if (spec.kind === 'stdio') {
    return new StdioChildTransport({
      command: spec.command,
      args: spec.args,
      env: childEnvironment(
        { ...spec.env, ...context.secretEnv },
        context.path ? { path: context.path } : {},
      ),
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
      stderr: context.stderr,
      onSpawn: (pid) => context.registry?.add(pid, spec.command),
      onExit: (pid) => context.registry?.remove(pid),
    });
  }
  return remoteTransport(spec, context, preferSse || spec.kind === 'sse');
}

function remoteTransport(
  spec: RemoteServerSpec,
  context: TransportContext,
  sse: boolean,
): Transport {
  const headers = { ...spec.headers, ...context.secretHeaders };
  const url = new URL(spec.url);
  if (sse)
    return new SSEClientTransport(url, {
      requestInit: { headers },
      eventSourceInit: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), ...headers },
          }),
      },
    });
  return new StreamableHTTPClientTransport(url, { requestInit: { headers } });
}

/** Per the spec's backwards-compatibility advice: a 4xx to the first Streamable HTTP POST means try legacy SSE. */
export function shouldFallBackToSse(spec: ServerSpec, error: unknown): boolean {
  if (spec.kind !== 'http') return false;
  // Our connect wraps the transport's error (adding the server's stderr); look through it.
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'number' ? code >= 400 && code < 500 : /\b4\d\d\b/.test(String(error));
}
