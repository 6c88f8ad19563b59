/**
 * A server's tools checked at the edge, one by one, against MCP's own Tool schema: a client's
 * SDK rejects a whole tools/list page for one bad tool, so one server's mistake would hide every
 * other server's tools. An input schema that only lacks `"type": "object"` (server-gitlab's all
 * do) is repaired; any other bad tool is left out, and why is said once per tool.
 */
import { ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ListItem } from './list-cache.ts';

export type ToolProblem = { name: string; reason: string };

function repaired(item: ListItem): ListItem {
  const schema = item.inputSchema;
  if (schema && typeof schema === 'object' && !Array.isArray(schema) && !('type' in schema))
    return { ...item, inputSchema: { type: 'object', ...schema } };
  return item;
}

/** The tools a client can take, and what was wrong with the others. */
export function checkTools(items: readonly ListItem[]): {
  tools: ListItem[];
  problems: ToolProblem[];
} {
  const tools: ListItem[] = [];
  const problems: ToolProblem[] = [];
  for (const raw of items) {
    const item = repaired(raw);
    const parsed = ToolSchema.safeParse(item);
    if (parsed.success) {
      tools.push(item); // as the server sent it (with unknown fields), not as zod stripped it
      continue;
    }
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    problems.push({
      name: typeof raw.name === 'string' ? raw.name : JSON.stringify(raw.name ?? null),
      reason: `${where}${issue?.message ?? 'not a tool'}`,
    });
  }
  return { tools, problems };
}
