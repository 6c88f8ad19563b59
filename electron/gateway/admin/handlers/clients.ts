/** clients:list/add/revoke: the AI clients allowed in, each with its own token and profile. */
import type { Gateway } from '../../gateway.ts';
import { conflict, notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';

export function clientHandlers(
  gateway: Gateway,
): HandlerGroup<'clients:list' | 'clients:add' | 'clients:revoke'> {
  return {
    'clients:list': async () => gateway.clients.list(),
    // The token is in this answer only: it is stored hashed.
    'clients:add': async ({ name, profile }) => {
      if (!gateway.settings.profiles[profile]) throw notFound(`no profile named "${profile}"`);
      if (gateway.clients.active.some((client) => client.name === name))
        throw conflict(`a client named "${name}" already exists`);
      return gateway.clients.add(name, profile);
    },
    'clients:revoke': async ({ id }) => {
      const target = gateway.clients.active.find(
        (client) => client.id === id || client.name === id,
      );
      if (!target) throw notFound(`no active client with id "${id}"`);
      return gateway.clients.revoke(target.id);
    },
  };
}
