/** The four MCP lists of one upstream connection, fetched whole (all pages) and kept until it says they changed. */
import { checkTools, type ToolProblem } from './tool-list-check.ts';
import type { UpstreamConnection } from './upstream-connection.ts';

export const LIST_KINDS = ['tools', 'prompts', 'resources', 'resourceTemplates'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export type ListItem = Record<string, unknown>;

const METHOD: Record<ListKind, string> = {
  tools: 'tools/list',
  prompts: 'prompts/list',
  resources: 'resources/list',
  resourceTemplates: 'resources/templates/list',
};
const CAPABILITY: Record<ListKind, 'tools' | 'prompts' | 'resources'> = {
  tools: 'tools',
  prompts: 'prompts',
  resources: 'resources',
  resourceTemplates: 'resources',
};
/** Guards against a server whose cursors never end. */
const MAX_PAGES = 1000;

export const LIST_CHANGED: Record<string, ListKind[]> = {
  'notifications/tools/list_changed': ['tools'],
  'notifications/prompts/list_changed': ['prompts'],
  'notifications/resources/list_changed': ['resources', 'resourceTemplates'],
};

export class ListCache {
  readonly #pending = new Map<ListKind, Promise<ListItem[]>>();
  readonly #last = new Map<ListKind, ListItem[]>();

  readonly connection: UpstreamConnection;
  /** Told about each tool left out of a list, and why. */
  readonly #onProblem: (problem: ToolProblem) => void;

  constructor(
    connection: UpstreamConnection,
    onProblem: (problem: ToolProblem) => void = () => {},
  ) {
    this.connection = connection;
    this.#onProblem = onProblem;
  }

  get(kind: ListKind): Promise<ListItem[]> {
    let pending = this.#pending.get(kind);
    if (!pending) {
      pending = this.#fetch(kind);
      this.#pending.set(kind, pending);
      pending.then(
        (items) => this.#last.set(kind, items),
        () => this.#pending.delete(kind), // a failed fetch is retried next time
      );
    }
    return pending;
  }

  /** The last fetched list, for counts in status reports; empty when never fetched. */
  peek(kind: ListKind): ListItem[] {
    return this.#last.get(kind) ?? [];
  }

  invalidate(kinds: readonly ListKind[] = LIST_KINDS): void {
    for (const kind of kinds) this.#pending.delete(kind);
  }

  async #fetch(kind: ListKind): Promise<ListItem[]> {
    await this.connection.ready();
    if (!this.connection.serverCapabilities?.[CAPABILITY[kind]]) return [];
    const items: ListItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.connection.request(
        { method: METHOD[kind], ...(cursor ? { params: { cursor } } : {}) },
        {},
      );
      const pageItems = result[kind];
      if (Array.isArray(pageItems)) items.push(...(pageItems as ListItem[]));
      cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
      if (!cursor) break;
    }
    if (kind !== 'tools') return items;
    const { tools, problems } = checkTools(items);
    for (const problem of problems) this.#onProblem(problem);
    return tools;
  }
}
