/**
 * The engine domain: contract calls, and subscriptions to contract events. Input is checked
 * here (shape) and by the engine service (method names and params, against the contract).
 */
import { z } from 'zod';
import { contract, type ApiResult, type EventName } from '../../../shared/contract.ts';
import type { Shell } from '../shell.ts';

const CallSchema = z.object({ method: z.string().min(1), params: z.unknown().optional() });
const SubscriptionSchema = z.object({
  event: z.custom<EventName>(
    (value) => typeof value === 'string' && Object.hasOwn(contract.events, value),
    'not a contract event',
  ),
});

function failure(code: 'invalid-params' | 'internal', message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

export function register(shell: Pick<Shell, 'ipc' | 'host' | 'forwarder' | 'log'>): void {
  const { ipc, host, forwarder, log } = shell;

  ipc.handle('engine:call', async (_event, request) => {
    const parsed = CallSchema.safeParse(request);
    if (!parsed.success) return failure('invalid-params', 'expected { method, params }');
    const service = host.service;
    if (!service) {
      const status = host.status;
      return failure(
        'internal',
        status.state === 'failed'
          ? `the gateway is not running: ${status.error}`
          : `the gateway is not running (${status.state})`,
      );
    }
    return service.call(parsed.data.method, parsed.data.params);
  });

  ipc.on('engine:subscribe', (event, message) => {
    const parsed = SubscriptionSchema.safeParse(message);
    if (!parsed.success) return log.warn('switchboard: engine:subscribe with a bad event name');
    if (!forwarder.subscribe(event.sender, parsed.data.event))
      log.warn(`switchboard: cannot forward ${parsed.data.event}: the gateway is not running`);
  });

  ipc.on('engine:unsubscribe', (event, message) => {
    const parsed = SubscriptionSchema.safeParse(message);
    if (parsed.success) forwarder.unsubscribe(event.sender, parsed.data.event);
  });
}
