/** log:query: the audited call log, newest first, one page at a time. */
import type { Gateway } from '../../gateway.ts';
import type { HandlerGroup } from '../engine-service.ts';

export function logHandlers(gateway: Gateway): HandlerGroup<'log:query'> {
  return {
    'log:query': async (query) => gateway.trust.callLog.query(query),
  };
}
