/**
 * secrets:set/delete: write-only. There is deliberately no method that reads a value back;
 * servers:settings says which referenced secrets are set, nothing more.
 */
import type { Gateway } from '../../gateway.ts';
import { secretAccount } from '../../secrets/secret-store.ts';
import type { HandlerGroup } from '../engine-service.ts';
import { OK } from './servers.ts';

export function secretHandlers(gateway: Gateway): HandlerGroup<'secrets:set' | 'secrets:delete'> {
  return {
    'secrets:set': async ({ server, key, value, profile }) => {
      await gateway.trust.secrets.set(secretAccount(server, key, profile), value);
      // A server that failed for want of this secret gets another chance at once.
      const supervisor = gateway.supervisors.get(server);
      if (supervisor?.primary.status.state === 'failed') void supervisor.restart();
      return OK;
    },
    'secrets:delete': async ({ server, key, profile }) => ({
      deleted: await gateway.trust.secrets.delete(secretAccount(server, key, profile)),
    }),
  };
}
