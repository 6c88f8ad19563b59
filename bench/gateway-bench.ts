/**
 * Gateway overhead benchmark: server-everything's `echo` tool, called
 *   - directly over stdio (SDK Client + StdioClientTransport): the baseline;
 *   - through the gateway, run as a separate `switchboard serve` process (so its CPU can be read
 *     from /proc/<pid>/stat), downstream Streamable HTTP, upstream stdio:
 *       raw-http /mcp            lean node:http client, aggregated endpoint (`everything__echo`)
 *       raw-http passthrough     lean node:http client, `/mcp/servers/everything` (`echo`)
 *       sdk-http /mcp            SDK Client + StreamableHTTPClientTransport, for reference
 *   - and, for reference, through bench/minimal-proxy.ts (a bare HTTP -> stdio pipe with the same
 *     process layout, no validation or routing): the floor any such proxy pays on this machine;
 * at 1 and 16 calls in flight, after a warm-up, with a fixed number of calls per run.
 *
 * Then (mode `rounds`) alternating rounds at 1 in flight, which machine-load drift hits alike
 * (lib/rounds.ts): direct stdio, and raw-http /mcp on two more gateways, one with the call log
 * on and one with it off (settings `callLog.enabled`). They give the judged p50 ratio (median of
 * the per-round ratios) and the call log's cost (median round p50 with the log, minus without).
 * The order of the three changes every round; a multiple of 6 rounds gives every order equally.
 *
 *   node bench/gateway-bench.ts [--calls1=2000] [--calls16=4000] [--warmup=600]
 *                               [--rounds=24] [--round-calls=250] [--round-settle=30]
 *                               [--modes=direct,floor,raw-aggregate,raw-passthrough,sdk-aggregate,rounds]
 *                               [--cpu-prof[=<dir>]]   (gateway runs with node --cpu-prof)
 *
 * Every process it starts is stopped on the way out, also on error or Ctrl+C (lib/processes.ts).
 * The last line printed is a JSON summary.
 */
import { availableParallelism } from 'node:os';
import { directCaller, rawCaller, sdkCaller, type Caller } from './lib/callers.ts';
import { CLK_TCK, childrenOf, measure } from './lib/measure.ts';
import { interrupted, startFloorProxy, startGateway, stopAll } from './lib/processes.ts';
import { report, type Rounds, type Row } from './lib/report.ts';
import { alternate } from './lib/rounds.ts';

const LABELS = {
  direct: 'direct stdio (SDK)',
  floor: 'floor: minimal proxy raw-http',
  'raw-aggregate': 'gateway raw-http /mcp',
  'raw-passthrough': 'gateway raw-http passthrough',
  'sdk-aggregate': 'gateway sdk-http /mcp',
  rounds: 'alternating rounds',
};
type Mode = keyof typeof LABELS;
const ROUND_LABELS = {
  direct: 'rounds: direct stdio (SDK)',
  logOn: 'rounds: gw raw /mcp, log on',
  logOff: 'rounds: gw raw /mcp, log off',
};

function option(name: string): string | undefined {
  for (const arg of process.argv.slice(2)) {
    if (arg === `--${name}`) return '';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function count(name: string, fallback: number): number {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

const plan = {
  warmup: count('warmup', 600),
  calls: [
    { inFlight: 1, calls: count('calls1', 2000) },
    { inFlight: 16, calls: count('calls16', 4000) },
  ],
};
const roundsPlan = {
  rounds: count('rounds', 24),
  calls: count('round-calls', 250),
  settle: count('round-settle', 30),
  warmup: plan.warmup,
};
const modes = (option('modes') || Object.keys(LABELS).join(',')).split(',') as Mode[];
for (const mode of modes)
  if (!(mode in LABELS))
    throw new Error(`unknown mode "${mode}" (${Object.keys(LABELS).join(', ')})`);

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Switchboard gateway bench — node ${process.version}, ${availableParallelism()} CPUs, CLK_TCK ${CLK_TCK}; ` +
      `warm-up ${plan.warmup} calls, then ${plan.calls[0]!.calls} calls at 1 in flight and ${plan.calls[1]!.calls} at 16; ` +
      `then ${roundsPlan.rounds} alternating rounds × ${roundsPlan.calls} calls at 1 in flight; tool: echo`,
  );
  const rows: Row[] = [];
  /** Measures one mode; `gatewayPid` is the process in the middle, whose children are the servers. */
  const run = async (mode: Mode, connect: () => Promise<Caller>, gatewayPid?: number) => {
    process.stdout.write(`  ${LABELS[mode]} … `);
    const t0 = performance.now();
    const caller = await connect();
    const servers = () =>
      gatewayPid === undefined ? (caller.serverPids ?? []) : childrenOf(gatewayPid);
    const results = await measure(caller.call, plan, { gateway: gatewayPid, servers });
    await caller.close();
    for (const result of results) rows.push({ mode, label: LABELS[mode], ...result });
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  if (modes.includes('direct')) await run('direct', directCaller);

  if (modes.includes('floor')) {
    const proxy = await startFloorProxy();
    await run('floor', () => rawCaller(proxy.url, 'echo', {}), proxy.pid);
    await proxy.stop();
  }

  const viaGateway = modes.filter(
    (mode) => mode !== 'direct' && mode !== 'floor' && mode !== 'rounds',
  );
  if (viaGateway.length > 0) {
    const gateway = await startGateway(option('cpu-prof'));
    const mcp = new URL(`${gateway.url}/mcp`);
    const passthrough = new URL(`${gateway.url}/mcp/servers/everything`);
    const connect = {
      'raw-aggregate': () => rawCaller(mcp, 'everything__echo', gateway.headers),
      'raw-passthrough': () => rawCaller(passthrough, 'echo', gateway.headers),
      'sdk-aggregate': () => sdkCaller(mcp, 'everything__echo', gateway.headers),
    };
    for (const mode of viaGateway)
      await run(mode, connect[mode as keyof typeof connect], gateway.pid);
    await gateway.stop();
  }

  const rounds = modes.includes('rounds') ? await runRounds() : undefined;
  if (rounds) rows.push(rounds.direct, rounds.logOn, rounds.logOff);

  report(rows, performance.now() - started, rounds);
}

/** Direct stdio and two gateways (call log on, off), all connected, measured in alternating rounds. */
async function runRounds(): Promise<Rounds> {
  process.stdout.write(`  ${LABELS.rounds} … `);
  const t0 = performance.now();
  const [on, off] = await Promise.all([
    startGateway(),
    startGateway(undefined, { callLog: false }),
  ]);
  const direct = await directCaller();
  const viaOn = await rawCaller(new URL(`${on.url}/mcp`), 'everything__echo', on.headers);
  const viaOff = await rawCaller(new URL(`${off.url}/mcp`), 'everything__echo', off.headers);
  const [directRow, logOn, logOff] = await alternate(
    [
      {
        mode: 'rounds-direct',
        label: ROUND_LABELS.direct,
        call: direct.call,
        servers: () => direct.serverPids ?? [],
      },
      {
        mode: 'rounds-log-on',
        label: ROUND_LABELS.logOn,
        call: viaOn.call,
        gatewayPid: on.pid,
        servers: () => childrenOf(on.pid),
      },
      {
        mode: 'rounds-log-off',
        label: ROUND_LABELS.logOff,
        call: viaOff.call,
        gatewayPid: off.pid,
        servers: () => childrenOf(off.pid),
      },
    ],
    roundsPlan,
  );
  // The switch works both ways, or the comparison means nothing.
  if (!(await on.hasLoggedCalls()))
    throw new Error('the gateway with the call log on logged nothing');
  if (await off.hasLoggedCalls()) throw new Error('the gateway with the call log off logged calls');
  await Promise.all([direct.close(), viaOn.close(), viaOff.close()]);
  await Promise.all([on.stop(), off.stop()]);
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return {
    plan: roundsPlan,
    direct: directRow!,
    logOn: logOn!,
    logOff: logOff!,
  };
}

try {
  await main();
} catch (error) {
  if (!interrupted) console.error(`\nbench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
