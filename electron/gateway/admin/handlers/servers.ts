/** servers:list/start/stop/restart/stderr/tools: running servers as they are right now. */
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ToolView } from '../../../../shared/contract.ts';
import type { Gateway } from '../../gateway.ts';
import { resolveToolPolicy } from '../../policy/tool-policy.ts';
import type { ServerSupervisor } from '../../upstream/server-supervisor.ts';
import { conflict, notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';

export const OK = { ok: true } as const;

export function supervisorOf(gateway: Gateway, name: string): ServerSupervisor {
  const supervisor = gateway.supervisors.get(name);
  if (!supervisor) throw notFound(`no server named "${name}" is configured`);
  return supervisor;
}

function toolView(
  gateway: Gateway,
  profile: string,
  server: string,
  item: Record<string, unknown>,
): ToolView {
  const annotations = item.annotations as ToolAnnotations | undefined;
  const name = String(item.name);
  const { policy, source } = resolveToolPolicy(
    gateway.settings,
    profile,
    server,
    name,
    annotations,
  );
  return {
    name,
    ...(typeof item.title === 'string' ? { title: item.title } : {}),
    ...(typeof item.description === 'string' ? { description: item.description } : {}),
    ...(annotations ? { annotations: { ...annotations } } : {}),
    policy,
    policySource: source,
  };
}

type Names =
  | 'servers:list'
  | 'servers:start'
  | 'servers:stop'
  | 'servers:restart'
  | 'servers:stderr'
  | 'servers:tools';

export function serverHandlers(gateway: Gateway): HandlerGroup<Names> {
  return {
    'servers:list': async () => gateway.summaries(),
    // Start and restart answer once the attempt is over; how it went shows in the status.
    'servers:start': async ({ name }) => {
      await supervisorOf(gateway, name).start(true);
      return OK;
    },
    'servers:stop': async ({ name }) => {
      await supervisorOf(gateway, name).stop();
      return OK;
    },
    'servers:restart': async ({ name }) => {
      await supervisorOf(gateway, name).restart();
      return OK;
    },
    'servers:stderr': async ({ name }) => supervisorOf(gateway, name).stderr.tail(),
    'servers:tools': async ({ name, profile }) => {
      const supervisor = supervisorOf(gateway, name);
      let tools: Record<string, unknown>[];
      try {
        tools = await supervisor.list(undefined, 'tools');
      } catch (error) {
        throw conflict(`the tools of "${name}" cannot be listed now: ${(error as Error).message}`);
      }
      return tools.map((item) => toolView(gateway, profile, name, item));
    },
  };
}
