/**
 * SIGINT and SIGTERM (Ctrl+C in the terminal that ran `npm start`, a service manager) quit in
 * order too: child servers live in their own process groups and would not see the signal.
 */
import type { Shell } from '../shell.ts';

export function register(shell: Shell): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    shell.signals.on(signal, () => shell.app.quit());
}
