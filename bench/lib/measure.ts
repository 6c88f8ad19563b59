/**
 * The timing loop: a warm-up, then a fixed number of calls at each in-flight count, with
 * p50/p99/mean latency, calls/s, and CPU per call of the gateway (or proxy) and server processes
 * (utime + stime from /proc/<pid>/stat) and of the bench itself.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type Measurement = {
  inFlight: number;
  calls: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  callsPerSec: number;
  gatewayCpuMsPerCall: number | null;
  serverCpuMsPerCall: number;
  benchCpuMsPerCall: number;
};

export type Plan = { warmup: number; calls: Array<{ inFlight: number; calls: number }> };

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of one process in ms; undefined when it is gone. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // [0] is field 3
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

export function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) pids.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return pids;
}

/** Starts a CPU window over `pids`; the returned function gives the ms spent since (by those still alive). */
export function cpuWindow(pids: number[]): () => number {
  const start = new Map(pids.map((pid) => [pid, cpuMs(pid)]));
  return () => {
    let total = 0;
    for (const [pid, before] of start) {
      const after = cpuMs(pid);
      if (before !== undefined && after !== undefined) total += after - before;
    }
    return total;
  };
}

export function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Runs `total` calls, `inFlight` at a time in a closed loop; returns per-call latencies (ms) and wall time. */
export async function drive(call: () => Promise<void>, total: number, inFlight: number) {
  const latencies = new Float64Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      await call();
      latencies[index] = performance.now() - t0;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return { latencies, wallMs: performance.now() - t0 };
}

/** Warm-up: JIT, connection pools, and (per-session isolation) the session's own server process. */
export async function warmUp(call: () => Promise<void>, calls: number): Promise<void> {
  await drive(call, Math.ceil(calls / 3), 1);
  await drive(call, calls, 16);
}

/**
 * Measures `call` per the plan. `gatewayPid` is the process in the middle (none for direct stdio);
 * `serverPids` the server process(es), read again at the start of each window.
 */
export async function measure(
  call: () => Promise<void>,
  plan: Plan,
  pids: { gateway?: number; servers: () => number[] },
): Promise<Measurement[]> {
  await warmUp(call, plan.warmup);
  const results: Measurement[] = [];
  for (const { inFlight, calls } of plan.calls) {
    const gatewayCpu = pids.gateway !== undefined ? cpuWindow([pids.gateway]) : undefined;
    const serverCpu = cpuWindow(pids.servers());
    const bench0 = process.cpuUsage();
    const { latencies, wallMs } = await drive(call, calls, inFlight);
    const bench = process.cpuUsage(bench0);
    const gatewayMs = gatewayCpu?.();
    const serverMs = serverCpu();
    const sorted = latencies.sort();
    results.push({
      inFlight,
      calls,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      meanMs: sorted.reduce((sum, value) => sum + value, 0) / calls,
      callsPerSec: (calls * 1000) / wallMs,
      gatewayCpuMsPerCall: gatewayMs === undefined ? null : gatewayMs / calls,
      serverCpuMsPerCall: serverMs / calls,
      benchCpuMsPerCall: (bench.user + bench.system) / 1000 / calls,
    });
  }
  return results;
}
