/** consent:pending/answer, grants:list/revoke: a person's answers to the gateway's questions. */
import type { Gateway } from '../../gateway.ts';
import { notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';
import { OK } from './servers.ts';

/** decidedBy for answers given in the dashboard (browser or desktop window). */
export const DASHBOARD = 'dashboard';

export function consentHandlers(
  gateway: Gateway,
): HandlerGroup<'consent:pending' | 'consent:answer' | 'grants:list' | 'grants:revoke'> {
  return {
    'consent:pending': async () => gateway.trust.consent.pending(),
    // Not accepted: the request was decided already (or never existed); nothing changed.
    'consent:answer': async ({ id, answer }) => ({
      accepted: gateway.trust.consent.answer(id, answer, DASHBOARD),
    }),
    'grants:list': async () => gateway.trust.grants.list(),
    'grants:revoke': async ({ id }) => {
      if (!gateway.trust.grants.revoke(id)) throw notFound(`no grant with id "${id}"`);
      return OK;
    },
  };
}
