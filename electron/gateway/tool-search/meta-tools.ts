/**
 * The three tools a client in `search` exposure sees instead of every tool: find tools by
 * intent, read one tool's full schema, and call one by name. Arguments are checked here; the
 * call itself goes through the same gate as a direct call (aggregate-router.ts).
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ListItem } from '../upstream/list-cache.ts';
import type { ToolHit } from './tool-index.ts';

export const META_TOOL = {
  search: 'search_tools',
  describe: 'describe_tool',
  call: 'call_tool',
} as const;

export const DEFAULT_SEARCH_LIMIT = 8;

const metaNames = new Set<string>(Object.values(META_TOOL));
export function isMetaTool(name: string): boolean {
  return metaNames.has(name);
}

export const SearchArgsSchema = z.strictObject({
  query: z.string().trim().min(1, 'say what the tool should do').max(1000),
  limit: z.number().int().min(1).max(50).optional(),
});
export const DescribeArgsSchema = z.strictObject({ name: z.string().min(1) });
export const CallArgsSchema = z.strictObject({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

const hitSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    server: { type: 'string' },
    description: { type: 'string' },
    score: { type: 'number' },
  },
  required: ['name', 'server', 'description', 'score'],
} as const;

export const META_TOOL_DEFINITIONS: Tool[] = [
  {
    name: META_TOOL.search,
    title: 'Search tools',
    description:
      'Find the tools that can do a task. Describe the task in plain words; returns the best matching tools (name, server, one-line description). Then use describe_tool for a tool’s parameters and call_tool to run it.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do, e.g. "create a GitHub issue"' },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: 50,
          description: `How many tools to return (default ${DEFAULT_SEARCH_LIMIT})`,
        },
      },
      required: ['query'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: { tools: { type: 'array', items: hitSchema } },
      required: ['tools'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: META_TOOL.describe,
    title: 'Describe a tool',
    description:
      'Full description, input schema and annotations of one tool found with search_tools.',
    inputSchema: {
      type: 'object',
      properties: { name: { type: 'string', description: 'The tool name search_tools returned' } },
      required: ['name'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: META_TOOL.call,
    title: 'Call a tool',
    description:
      'Run one tool by name with its arguments (see describe_tool for its input schema). The result is the tool’s own result.',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'The tool name search_tools returned' },
        arguments: { type: 'object', description: 'The tool’s arguments' },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
];

/** A meta-tool's answer: structured, with the same content as text for clients that read only text. */
function structured(value: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: value,
  };
}

export function searchResult(hits: ToolHit[]): CallToolResult {
  return structured({ tools: hits });
}

export function describeResult(
  exposedName: string,
  server: string,
  item: ListItem,
): CallToolResult {
  const { name: _original, ...rest } = item;
  return structured({ ...rest, name: exposedName, server });
}

/** A refusal the model can read and act on, not a protocol failure. */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** "query: Too small" and the like, naming the argument. */
export function argumentsError(tool: string, error: z.ZodError): CallToolResult {
  const issue = error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join('.')}": ` : '';
  return toolError(`Invalid arguments for ${tool}: ${where}${issue?.message ?? 'not an object'}`);
}
