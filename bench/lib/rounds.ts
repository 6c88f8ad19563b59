/**
 * Alternating rounds: several callers, all connected at once, measured at 1 in flight in short
 * turns (round 1: A B C, round 2: A C B, …, every order in turn), so a change in machine load
 * during the run hits all of them alike. Each turn starts with a few unmeasured calls (caches,
 * CPU frequency after the idle wait). A caller's p50 is the median of its round p50s.
 *
 * CPU per call is read over the whole phase, not per turn: work a process defers past its turn
 * (the gateway writes its call log on a timer) lands outside every turn, and an idle turn costs
 * nothing, so whole-phase CPU / every call made (settling calls included) counts it all.
 */
import { cpuWindow, drive, quantile, warmUp, type Measurement } from './measure.ts';

export type Contender = {
  mode: string;
  label: string;
  call: () => Promise<void>;
  /** The process in the middle (none for direct stdio). */
  gatewayPid?: number;
  /** The server process(es) it calls; read once at the start of the phase. */
  servers: () => number[];
};

export type RoundsPlan = {
  rounds: number;
  /** Measured calls per caller and round. */
  calls: number;
  /** Unmeasured calls before each turn. */
  settle: number;
  warmup: number;
};

export type RoundsResult = Measurement & {
  mode: string;
  label: string;
  /** p50 of each round, in round order. */
  roundP50Ms: number[];
};

/** The q-quantile of `values`, interpolated between neighbours (q = 0.5: the median). */
export function quantileOf(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}

export function median(values: number[]): number {
  return quantileOf(values, 0.5);
}

/** Every order of `items` (n ≤ 4 here, so at most 24). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}

export async function alternate(
  contenders: Contender[],
  plan: RoundsPlan,
): Promise<RoundsResult[]> {
  for (const contender of contenders) await warmUp(contender.call, plan.warmup);
  const orders = permutations(contenders.map((_, index) => index));
  const state = contenders.map((contender) => ({
    gatewayCpu: contender.gatewayPid !== undefined ? cpuWindow([contender.gatewayPid]) : undefined,
    serverCpu: cpuWindow(contender.servers()),
    benchCpuUs: 0,
    wallMs: 0,
    roundP50Ms: [] as number[],
    latencies: [] as Float64Array[],
  }));
  for (let round = 0; round < plan.rounds; round++) {
    for (const index of orders[round % orders.length]!) {
      const { call } = contenders[index]!;
      const own = state[index]!;
      await drive(call, plan.settle, 1);
      const bench0 = process.cpuUsage();
      const { latencies, wallMs } = await drive(call, plan.calls, 1);
      const bench = process.cpuUsage(bench0);
      own.benchCpuUs += bench.user + bench.system;
      own.wallMs += wallMs;
      const sorted = latencies.sort();
      own.roundP50Ms.push(quantile(sorted, 0.5));
      own.latencies.push(sorted);
    }
  }
  // Let the last call log batch (written ≤ 100 ms after a call) land inside the CPU window.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const measured = plan.rounds * plan.calls;
  const made = plan.rounds * (plan.calls + plan.settle);
  return contenders.map((contender, index) => {
    const own = state[index]!;
    const all = new Float64Array(measured);
    own.latencies.forEach((part, round) => all.set(part, round * plan.calls));
    all.sort();
    const gatewayMs = own.gatewayCpu?.();
    return {
      mode: contender.mode,
      label: contender.label,
      inFlight: 1,
      calls: measured,
      p50Ms: median(own.roundP50Ms),
      p99Ms: quantile(all, 0.99),
      meanMs: all.reduce((sum, value) => sum + value, 0) / measured,
      callsPerSec: (measured * 1000) / own.wallMs,
      gatewayCpuMsPerCall: gatewayMs === undefined ? null : gatewayMs / made,
      serverCpuMsPerCall: own.serverCpu() / made,
      benchCpuMsPerCall: own.benchCpuUs / 1000 / measured,
      roundP50Ms: own.roundP50Ms,
    };
  });
}
