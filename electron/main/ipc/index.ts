/** Every IPC domain's handlers; one file per domain, each with `register(shell)`. */
import type { Shell } from '../shell.ts';
import * as engine from './engine.ts';

export const IPC_DOMAINS = { engine } as const;

export function registerAllHandlers(shell: Shell): void {
  for (const domain of Object.values(IPC_DOMAINS)) domain.register(shell);
}
