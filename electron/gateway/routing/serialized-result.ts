/**
 * A result serialized to JSON once and sent many times: a full tools/list of 1,400 real tools
 * is ~3.4 MB, and serializing it again for every request was most of what tools/list cost the
 * gateway (bench/tool-search-bench.ts). Our HTTP transport writes `bytes` as they are; any other
 * transport serializes the message as usual and gets `value` through `toJSON`.
 */
import type { Result } from '@modelcontextprotocol/sdk/types.js';

export class SerializedResult {
  readonly value: Result;
  /** UTF-8 JSON of `value`: a Buffer, so each response is written without encoding it again. */
  readonly bytes: Buffer;

  constructor(value: Result) {
    this.value = value;
    this.bytes = Buffer.from(JSON.stringify(value));
  }

  toJSON(): Result {
    return this.value;
  }
}

/**
 * The JSON-RPC response around a serialized result, in the SDK's own key order, as chunks to
 * write one after the other (no copy of the result's bytes).
 */
export function responseChunks(id: string | number, result: SerializedResult): Buffer[] {
  return [
    Buffer.from('{"result":'),
    result.bytes,
    Buffer.from(`,"jsonrpc":"2.0","id":${JSON.stringify(id)}}`),
  ];
}
