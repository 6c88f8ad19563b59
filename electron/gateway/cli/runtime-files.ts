/** Where a running gateway says where it is, so `connect` and `servers list` find it. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DEFAULT_PORT = 4777;

const GatewayFileSchema = z.object({ url: z.string(), pid: z.number().int() });
export type GatewayFile = z.infer<typeof GatewayFileSchema>;

export function gatewayFilePath(dataDir: string): string {
  return join(dataDir, 'gateway.json');
}

export function writeGatewayFile(dataDir: string, value: GatewayFile): void {
  writeFileSync(gatewayFilePath(dataDir), JSON.stringify(value), { mode: 0o600 });
}

export function removeGatewayFile(dataDir: string): void {
  rmSync(gatewayFilePath(dataDir), { force: true });
}

export function readGatewayFile(dataDir: string): GatewayFile | undefined {
  try {
    const parsed = GatewayFileSchema.safeParse(
      JSON.parse(readFileSync(gatewayFilePath(dataDir), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function readAdminToken(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  } catch {
    return undefined;
  }
}
