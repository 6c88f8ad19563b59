/**
 * `/mcp`: every server behind one session. Lists are merged and paged with the gateway's own
 * cursors; calls are routed by name or URI; results get their resource URIs mapped back.
 */
import {
  ErrorCode,
  McpError,
  type JSONRPCRequest,
  type Notification,
  type Result,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { GatewayLimits } from '../config/settings.ts';
import { assertGatedParams, type CallGate } from '../policy/call-gate.ts';
import { randomUUID } from 'node:crypto';
import { RECIPE_PREFIX, type Recipe } from '../../../shared/recipes.ts';
import { recipeCalled } from '../recipes/recipe-tools.ts';
import { runRecipe } from '../recipes/recipe-runner.ts';
import { isMetaTool } from '../tool-search/meta-tools.ts';
import { listedTools, ToolSearch } from '../tool-search/tool-search.ts';
import type { ListKind } from '../upstream/list-cache.ts';
import type { ServerSupervisor } from '../upstream/server-supervisor.ts';
import {
  forward,
  type GatewaySession,
  type RequestExtra,
  type SessionRouter,
} from './gateway-session.ts';
import { listPage, sharedMerge } from './list-pages.ts';
import { mergeList, type MergedList, type Origin } from './merged-lists.ts';
import { SEPARATOR, unwrapUri, wrapUri, wrapUrisDeep } from './names.ts';

const LIST_METHODS = new Map<string, ListKind>([
  ['tools/list', 'tools'],
  ['prompts/list', 'prompts'],
  ['resources/list', 'resources'],
  ['resources/templates/list', 'resourceTemplates'],
]);

type Params = Record<string, unknown>;

function encodeCursor(kind: ListKind, offset: number): string {
  return Buffer.from(JSON.stringify({ k: kind, o: offset })).toString('base64url');
}

function decodeCursor(kind: ListKind, cursor: unknown): number {
  if (cursor === undefined) return 0;
  try {
    const { k, o } = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as {
      k?: unknown;
      o?: unknown;
    };
    if (k === kind && Number.isInteger(o) && (o as number) >= 0) return o as number;
  } catch {
    // fall through to the error below
  }
  throw new McpError(ErrorCode.InvalidParams, `invalid cursor for ${kind}: "${String(cursor)}"`);
}

function requireString(params: Params | undefined, key: string, method: string): string {
  const value = params?.[key];
  if (typeof value !== 'string')
    throw new McpError(ErrorCode.InvalidParams, `${method} needs a string "${key}"`);
  return value;
}

export class AggregateRouter implements SessionRouter {
  /** The last merged list per kind, for routing names without listing again. */
  readonly #last = new Map<ListKind, MergedList>();
  /** The settings the last tool list was filtered under. */
  #toolsSettings?: object;
  readonly #search = new ToolSearch();

  readonly supervisors: ServerSupervisor[];
  readonly limits: Pick<GatewayLimits, 'pageSize' | 'startTimeoutMs'>;
  readonly gate: CallGate;

  constructor(
    supervisors: ServerSupervisor[],
    limits: Pick<GatewayLimits, 'pageSize' | 'startTimeoutMs'>,
    gate: CallGate,
  ) {
    this.supervisors = supervisors;
    this.limits = limits;
    this.gate = gate;
  }

  async handleRequest(
    session: GatewaySession,
    request: JSONRPCRequest,
    extra: RequestExtra,
  ): Promise<Result> {
    const params = request.params as Params | undefined;
    // A Map, not an object: "constructor" or "__proto__" must not look like a list method.
    const listKind = LIST_METHODS.get(request.method);
    if (listKind) return this.#page(session, listKind, params?.cursor);
    switch (request.method) {
      case 'tools/call': {
        assertGatedParams(request.method, params);
        const name = requireString(params, 'name', request.method);
        const profile = this.gate.profileOf(session);
        if (isMetaTool(name) && profile.exposure === 'search')
          return this.#callMeta(session, name, params!, extra);
        const called = recipeCalled(profile, name);
        if (called) return this.#callRecipe(session, called, params!, extra);
        return this.#callNamed(session, 'tools', params!, extra);
      }
      case 'prompts/get':
        assertGatedParams(request.method, params);
        return this.#callNamed(session, 'prompts', params!, extra);
      case 'resources/read': {
        assertGatedParams(request.method, params);
        const origin = await this.#resolveUri(
          session,
          requireString(params, 'uri', request.method),
        );
        const result = await this.gate.run(
          {
            session,
            server: origin.supervisor.name,
            kind: 'resources/read',
            name: origin.original,
            arguments: undefined,
            annotations: undefined,
            signal: extra.signal,
          },
          () =>
            forward(
              origin.supervisor,
              session,
              { method: request.method, params: { ...params, uri: origin.original } },
              extra,
            ),
        );
        return wrapUrisDeep(result, origin.supervisor.name);
      }
      case 'resources/subscribe':
      case 'resources/unsubscribe': {
        const origin = await this.#resolveUri(
          session,
          requireString(params, 'uri', request.method),
        );
        const result = await forward(
          origin.supervisor,
          session,
          { method: request.method, params: { ...params, uri: origin.original } },
          extra,
        );
        return wrapUrisDeep(result, origin.supervisor.name);
      }
      case 'completion/complete':
        return this.#complete(session, params, extra);
      case 'logging/setLevel':
        await Promise.allSettled(
          this.supervisors
            .filter((supervisor) => supervisor.primary.serverCapabilities?.logging)
            .map((supervisor) =>
              forward(
                supervisor,
                session,
                { method: request.method, ...(params ? { params } : {}) },
                extra,
              ),
            ),
        );
        return {};
      default:
        throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
    }
  }

  mapNotification(server: string, notification: Notification): Notification {
    const params = notification.params as Params | undefined;
    if (
      notification.method === 'notifications/resources/updated' &&
      typeof params?.uri === 'string'
    ) {
      return { ...notification, params: { ...params, uri: wrapUri(server, params.uri) } };
    }
    if (notification.method === 'notifications/message') {
      const logger = typeof params?.logger === 'string' ? `${server}/${params.logger}` : server;
      return { ...notification, params: { ...params, logger } };
    }
    return notification;
  }

  /**
   * A recipe: itself one gated call (server "recipe"), and each step a call of its own through
   * the gate, all of them tagged with one run id in the log.
   */
  #callRecipe(
    session: GatewaySession,
    { name, recipe }: { name: string; recipe: Recipe },
    params: Params,
    extra: RequestExtra,
  ): Promise<Result> {
    const recipeRun = randomUUID();
    const { name: _name, arguments: input, ...rest } = params;
    return this.gate.run(
      {
        session,
        server: RECIPE_PREFIX,
        kind: 'tools/call',
        name,
        arguments: input as Record<string, unknown> | undefined,
        annotations: undefined,
        signal: extra.signal,
        recipeRun,
      },
      () =>
        runRecipe(name, recipe, input, (tool, args) =>
          this.#callNamed(
            session,
            'tools',
            { ...rest, name: tool, arguments: args },
            extra,
            recipeRun,
          ),
        ),
    );
  }

  /** tools/call or prompts/get by exposed name, through the gate, to the server that has it. */
  async #callNamed(
    session: GatewaySession,
    kind: 'tools' | 'prompts',
    params: Params,
    extra: RequestExtra,
    recipeRun?: string,
  ): Promise<Result> {
    const method = kind === 'tools' ? 'tools/call' : 'prompts/get';
    const origin = await this.#resolveName(session, kind, requireString(params, 'name', method));
    const result = await this.gate.run(
      {
        session,
        server: origin.supervisor.name,
        kind: method,
        name: origin.original,
        arguments: params.arguments as Record<string, unknown> | undefined,
        annotations: origin.item?.annotations as ToolAnnotations | undefined,
        signal: extra.signal,
        ...(recipeRun ? { recipeRun } : {}),
      },
      () =>
        forward(
          origin.supervisor,
          session,
          { method, params: { ...params, name: origin.original } },
          extra,
        ),
    );
    return wrapUrisDeep(result, origin.supervisor.name);
  }

  /** search_tools, describe_tool, call_tool: over the tools this session may see, and no others. */
  async #callMeta(
    session: GatewaySession,
    name: string,
    params: Params,
    extra: RequestExtra,
  ): Promise<Result> {
    const { name: _meta, arguments: args, ...rest } = params;
    return this.#search.call(
      name,
      args,
      await this.#merged(session, 'tools'),
      this.gate.settings(),
      session.identity.profile,
      // Exactly a direct call: same routing, gate (policy, consent, limits) and log entry.
      (tool, toolArgs) =>
        this.#callNamed(
          session,
          'tools',
          { ...rest, name: tool, ...(toolArgs ? { arguments: toolArgs } : {}) },
          extra,
        ),
    );
  }

  async #merged(session: GatewaySession, kind: ListKind): Promise<MergedList> {
    const settings = this.gate.settings();
    // The tool list also depends on policies: reusable only under the same settings.
    const previous =
      kind !== 'tools' || this.#toolsSettings === settings ? this.#last.get(kind) : undefined;
    const fresh = await mergeList(
      this.supervisors,
      session,
      kind,
      this.limits.startTimeoutMs,
      previous,
    );
    if (fresh === previous) return fresh;
    const profile = session.identity.profile;
    const merged = sharedMerge(kind, profile, settings, fresh, (list) => {
      // Denied tools stay routable (a call gets a clear refusal) but are not listed.
      if (kind === 'tools') this.gate.hideInvisible(list, profile);
    });
    if (kind === 'tools') this.#toolsSettings = settings;
    this.#last.set(kind, merged);
    return merged;
  }

  async #page(session: GatewaySession, kind: ListKind, cursor: unknown): Promise<Result> {
    const offset = decodeCursor(kind, cursor);
    const merged =
      offset === 0
        ? await this.#merged(session, kind)
        : (this.#last.get(kind) ?? (await this.#merged(session, kind)));
    const page = listPage(
      kind,
      merged,
      this.gate.settings(),
      offset,
      this.limits.pageSize,
      () => (kind === 'tools' ? listedTools(this.gate.profileOf(session), merged) : merged.items),
      (end) => encodeCursor(kind, end),
    );
    // Serialized once, written as it is by our HTTP transport (a JSON object to any other).
    return page as unknown as Result;
  }

  async #resolveName(
    session: GatewaySession,
    kind: 'tools' | 'prompts',
    name: string,
  ): Promise<Origin> {
    const known =
      this.#last.get(kind)?.origins.get(name) ??
      (await this.#merged(session, kind)).origins.get(name);
    if (known) return known;
    const owner = this.supervisors.find(
      (supervisor) => supervisor.prefix && name.startsWith(supervisor.prefix + SEPARATOR),
    );
    const noun = kind === 'tools' ? 'tool' : 'prompt';
    if (owner && owner.primary.status.state !== 'running') {
      throw new McpError(
        ErrorCode.InternalError,
        `${noun} "${name}" belongs to server "${owner.name}", which is ${owner.primary.status.state}`,
      );
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown ${noun}: ${name}`);
  }

  async #resolveUri(session: GatewaySession, uri: string): Promise<Origin> {
    const wrapped = unwrapUri(uri);
    if (wrapped) {
      const supervisor = this.supervisors.find((candidate) => candidate.name === wrapped.server);
      if (!supervisor)
        throw new McpError(
          ErrorCode.InvalidParams,
          `Unknown server "${wrapped.server}" in resource URI ${uri}`,
        );
      return { supervisor, original: wrapped.uri };
    }
    // A URI the client got some other way (not from our lists): find the one server listing it.
    const merged = this.#last.get('resources') ?? (await this.#merged(session, 'resources'));
    const owners = [...merged.origins.values()].filter((origin) => origin.original === uri);
    if (owners.length === 1) return owners[0]!;
    throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${uri}`);
  }

  async #complete(
    session: GatewaySession,
    params: Params | undefined,
    extra: RequestExtra,
  ): Promise<Result> {
    const ref = params?.ref as Params | undefined;
    let origin: Origin;
    let mappedRef: Params;
    if (ref?.type === 'ref/prompt') {
      origin = await this.#resolveName(
        session,
        'prompts',
        requireString(ref, 'name', 'completion/complete ref'),
      );
      mappedRef = { ...ref, name: origin.original };
    } else if (ref?.type === 'ref/resource') {
      origin = await this.#resolveUri(
        session,
        requireString(ref, 'uri', 'completion/complete ref'),
      );
      mappedRef = { ...ref, uri: origin.original };
    } else {
      throw new McpError(
        ErrorCode.InvalidParams,
        'completion/complete needs ref.type "ref/prompt" or "ref/resource"',
      );
    }
    return forward(
      origin.supervisor,
      session,
      { method: 'completion/complete', params: { ...params, ref: mappedRef } },
      extra,
    );
  }
}
