/**
 * What a new user's shell looks like to the install tests: the machine's own node and npm first
 * (no project bin dir, no npm_* variables from the `npm test` that runs us), a scratch HOME, no
 * display, and npm's download cache shared with the machine so repeated runs stay fast.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { delimiter } from 'node:path';

/** The machine's npm cache, asked of npm itself before HOME changes. */
const NPM_CACHE = spawnSync('npm', ['config', 'get', 'cache'], {
  encoding: 'utf8',
  env: { ...process.env, PATH: machinePath() },
}).stdout.trim();

export function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !entry.includes('node_modules'))
    .join(delimiter);
}

export function machineEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NODE_|VITEST|DISPLAY$|WAYLAND_DISPLAY$|SWITCHBOARD_)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    PATH: machinePath(),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    npm_config_cache: NPM_CACHE,
    // Reuse what the cache holds instead of asking the registry about every package again.
    npm_config_prefer_offline: 'true',
  };
}

/** Everything the child printed, once `pattern` appears; rejects on exit or timeout with the output. */
export function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (text: string) => {
      output += text;
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before ${pattern}:\n${output}`));
    });
  });
}

/** Every process below `root` (children, their children, ...) as "pid args" lines. */
export function descendants(root: number): Map<number, string> {
  const listed = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).stdout;
  const rows = listed
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }));
  const found = new Map<number, string>();
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const row of rows)
      if (row.ppid === parent && !found.has(row.pid)) {
        found.set(row.pid, row.args);
        queue.push(row.pid);
      }
  }
  return found;
}

/** Which of `pids` are still alive after waiting up to `withinMs` for them to go. */
export async function survivors(pids: Map<number, string>, withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const alive = [...pids].filter(([pid]) => isAlive(pid)).map(([pid, args]) => `${pid} ${args}`);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    // No event reports the death of processes that are not our children: poll, briefly.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
