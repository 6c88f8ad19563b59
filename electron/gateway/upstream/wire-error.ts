import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

export type WireError = Error & { code: number; data?: unknown };

/**
 * The SDK's McpError prefixes its message with "MCP error <code>: ". Relaying such an error
 * through the gateway would stack the prefix once per hop, so errors crossing the gateway are
 * turned back into what the other side sent: the same code, message and data.
 */
export function asWireError(error: unknown): WireError {
  if (error instanceof McpError) {
    const prefix = `MCP error ${error.code}: `;
    const message = error.message.startsWith(prefix)
      ? error.message.slice(prefix.length)
      : error.message;
    return Object.assign(new Error(message), {
      code: error.code,
      ...(error.data !== undefined ? { data: error.data } : {}),
    });
  }
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(message), {
    code: Number.isSafeInteger(code) ? (code as number) : ErrorCode.InternalError,
  });
}
