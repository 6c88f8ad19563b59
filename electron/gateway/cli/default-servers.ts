/**
 * What `switchboard serve` runs when given no --config: the data dir's own mcp.json, created on
 * first run with two demo servers so a new user sees a working gateway at once.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function localServer(pkg: string): { command: string; args: string[] } {
  try {
    // Installed with Switchboard: run it with our own Node, no download.
    return {
      command: process.execPath,
      args: [fileURLToPath(import.meta.resolve(`${pkg}/dist/index.js`))],
    };
  } catch {
    return { command: 'npx', args: ['-y', pkg] };
  }
}

export function ensureDefaultServersFile(dataDir: string): { file: string; created: boolean } {
  const file = join(dataDir, 'mcp.json');
  if (existsSync(file)) return { file, created: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const config = {
    mcpServers: {
      everything: localServer('@modelcontextprotocol/server-everything'),
      memory: {
        ...localServer('@modelcontextprotocol/server-memory'),
        env: { MEMORY_FILE_PATH: join(dataDir, 'memory.jsonl') },
      },
    },
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return { file, created: true };
}
