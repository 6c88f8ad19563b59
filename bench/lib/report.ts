/**
 * The report: ratios against direct stdio, the table, the alternating rounds, the targets (judged
 * on the raw-HTTP gateway rows; the SDK client rows are for reference), and the JSON summary line.
 * With the rounds run, the p50 ratio is judged on their median of per-round ratios (robust to
 * machine-load drift); the single-run ratios are still shown, as information.
 */
import type { Measurement } from './measure.ts';
import { median, quantileOf, type RoundsPlan, type RoundsResult } from './rounds.ts';

export const TARGETS = { gatewayCpuMsPerCall: 0.5, p50RatioAt1: 3, callLogCostPctOfP50: 5 };

/** What the alternating rounds measured (lib/rounds.ts). */
export type Rounds = {
  plan: RoundsPlan;
  direct: RoundsResult;
  logOn: RoundsResult;
  logOff: RoundsResult;
};

export type Row = Measurement & {
  mode: string;
  label: string;
  p50Ratio?: number;
  throughputRatio?: number;
};

/** `judged: false` is shown for information and does not count towards "all targets met". */
type Check = {
  target: string;
  row: Row;
  value: number;
  met: boolean;
  judged: boolean;
  unit?: string;
};

/** The figures derived from the rounds. */
function analyseRounds(rounds: Rounds) {
  const { direct, logOn, logOff } = rounds;
  const perRound = (f: (i: number) => number) => logOn.roundP50Ms.map((_, i) => f(i));
  const p50With = logOn.p50Ms;
  const p50Without = logOff.p50Ms;
  const cpu = (row: RoundsResult) => row.gatewayCpuMsPerCall ?? NaN;
  const paired = perRound(
    (i) => (logOn.roundP50Ms[i]! - logOff.roundP50Ms[i]!) / logOn.roundP50Ms[i]!,
  );
  return {
    ratio: {
      medianOfRounds: median(perRound((i) => logOn.roundP50Ms[i]! / direct.roundP50Ms[i]!)),
      ofMedians: logOn.p50Ms / direct.p50Ms,
    },
    callLog: {
      p50WithMs: p50With,
      p50WithoutMs: p50Without,
      costMs: p50With - p50Without,
      costPctOfP50: ((p50With - p50Without) / p50With) * 100,
      /** The same from paired rounds: median of (with − without) / with, and its quartiles (the noise). */
      pairedCostPct: median(paired) * 100,
      pairedCostPctQ1: quantileOf(paired, 0.25) * 100,
      pairedCostPctQ3: quantileOf(paired, 0.75) * 100,
      gatewayCpuMsPerCallWith: cpu(logOn),
      gatewayCpuMsPerCallWithout: cpu(logOff),
      gatewayCpuMsPerCallDiff: cpu(logOn) - cpu(logOff),
    },
  };
}

function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function round(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value * 10_000) / 10_000;
}

/**
 * Fills in p50 and calls/s ratios against the direct stdio row at the same in-flight count (for
 * the rounds rows: the rounds' direct row; a p50 ratio already set is kept).
 */
function addRatios(rows: Row[]): void {
  for (const row of rows) {
    const baseMode = row.mode.startsWith('rounds-') ? 'rounds-direct' : 'direct';
    const base = rows.find((other) => other.mode === baseMode && other.inFlight === row.inFlight);
    if (!base || row === base) continue;
    row.p50Ratio ??= row.p50Ms / base.p50Ms;
    row.throughputRatio = row.callsPerSec / base.callsPerSec;
  }
}

function printTable(rows: Row[]): void {
  const ratio = (value: number | undefined) => (value === undefined ? '-' : `${fmt(value, 2)}×`);
  const table = [
    [
      'mode',
      'in-flight',
      'calls',
      'p50 ms',
      'p99 ms',
      'calls/s',
      'gw CPU ms/call',
      'server CPU ms/call',
      'bench CPU ms/call',
      'p50 × direct',
      'calls/s × direct',
    ],
    ...rows.map((row) => [
      row.label,
      String(row.inFlight),
      String(row.calls),
      fmt(row.p50Ms),
      fmt(row.p99Ms),
      fmt(row.callsPerSec, 0),
      fmt(row.gatewayCpuMsPerCall),
      fmt(row.serverCpuMsPerCall),
      fmt(row.benchCpuMsPerCall),
      ratio(row.p50Ratio),
      ratio(row.throughputRatio),
    ]),
  ];
  const widths = table[0]!.map((_, column) =>
    Math.max(...table.map((cells) => cells[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  console.log(line(table[0]!));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of table.slice(1)) console.log(line(cells));
  console.log('');
  console.log(
    'gw CPU = gateway (or floor proxy) process utime+stime over the measured window / calls; server CPU = the everything server process(es);',
  );
  console.log(
    'bench CPU = this process (client side). Ratios are against direct stdio at the same in-flight count.',
  );
}

function printRounds(rounds: Rounds, analysis: ReturnType<typeof analyseRounds>): void {
  const { plan, direct, logOn, logOff } = rounds;
  const { ratio, callLog } = analysis;
  console.log('');
  console.log(
    `Alternating rounds at 1 in flight: ${plan.rounds} rounds × ${plan.calls} calls each (order changes every round, ` +
      `${plan.settle} unmeasured calls before each turn). Rounds rows: p50 = median of the round p50s, p99 over all ` +
      'calls, CPU over the whole phase / every call made; p50 × direct = median of the per-round ratios.',
  );
  for (const row of [direct, logOn, logOff])
    console.log(
      `  ${row.label.padEnd(30)} round p50s ms: ${row.roundP50Ms.map((v) => fmt(v)).join(' ')}`,
    );
  console.log(
    `  p50 gateway /mcp ÷ direct stdio: ${fmt(ratio.medianOfRounds, 2)}× median of round ratios ` +
      `(${fmt(ratio.ofMedians, 2)}× ratio of median p50s)`,
  );
  console.log(
    `  call log: p50 with ${fmt(callLog.p50WithMs)} ms, without ${fmt(callLog.p50WithoutMs)} ms → cost ` +
      `${fmt(callLog.costMs)} ms = ${fmt(callLog.costPctOfP50, 1)}% of p50 ` +
      `(paired round differences: median ${fmt(callLog.pairedCostPct, 1)}%, ` +
      `quartiles ${fmt(callLog.pairedCostPctQ1, 1)}% … ${fmt(callLog.pairedCostPctQ3, 1)}%)`,
  );
  console.log(
    `  call log: gateway CPU ${fmt(callLog.gatewayCpuMsPerCallWith)} ms/call with, ` +
      `${fmt(callLog.gatewayCpuMsPerCallWithout)} without → ${callLog.gatewayCpuMsPerCallDiff >= 0 ? '+' : ''}` +
      `${fmt(callLog.gatewayCpuMsPerCallDiff)} ms/call`,
  );
}

function judge(rows: Row[], rounds: Rounds | undefined): Check[] {
  const judged = rows.filter(
    (row) => row.mode === 'raw-aggregate' || row.mode === 'raw-passthrough',
  );
  const ratioTarget = `p50 at 1 in flight ≤ ${TARGETS.p50RatioAt1}× direct stdio`;
  const checks: Check[] = [
    ...judged.map((row) => ({
      target: `gateway CPU ≤ ${TARGETS.gatewayCpuMsPerCall} ms/call`,
      row,
      value: row.gatewayCpuMsPerCall ?? NaN,
      met: (row.gatewayCpuMsPerCall ?? Infinity) <= TARGETS.gatewayCpuMsPerCall,
      judged: true,
    })),
    ...judged.flatMap((row) =>
      row.inFlight === 1 && row.p50Ratio !== undefined
        ? [
            {
              target: rounds ? `${ratioTarget} (single run)` : ratioTarget,
              row,
              value: row.p50Ratio,
              met: row.p50Ratio <= TARGETS.p50RatioAt1,
              judged: !rounds,
              unit: '×',
            },
          ]
        : [],
    ),
  ];
  if (rounds) {
    const row = rows.find((r) => r.mode === 'rounds-log-on')!;
    const { ratio, callLog } = analyseRounds(rounds);
    checks.push(
      {
        target: `${ratioTarget} (median of rounds)`,
        row,
        value: ratio.medianOfRounds,
        met: ratio.medianOfRounds <= TARGETS.p50RatioAt1,
        judged: true,
        unit: '×',
      },
      {
        target: `call log cost ≤ ${TARGETS.callLogCostPctOfP50}% of p50`,
        row,
        value: callLog.costPctOfP50,
        met: callLog.costPctOfP50 <= TARGETS.callLogCostPctOfP50,
        judged: true,
        unit: '%',
      },
    );
  }
  return checks;
}

/** Prints the table and the targets, then (last line) the JSON summary. */
export function report(rows: Row[], totalMs: number, rounds?: Rounds): void {
  const analysis = rounds ? analyseRounds(rounds) : undefined;
  const roundsRatio = rows.find((row) => row.mode === 'rounds-log-on');
  if (roundsRatio && analysis) roundsRatio.p50Ratio = analysis.ratio.medianOfRounds;
  addRatios(rows);
  console.log('');
  printTable(rows);
  if (rounds && analysis) printRounds(rounds, analysis);
  const checks = judge(rows, rounds);
  const judged = checks.filter((check) => check.judged);
  const allMet = judged.length > 0 && judged.every((check) => check.met);
  console.log('');
  console.log('Targets (raw-HTTP client rows; "info" lines are not judged):');
  const width = Math.max(...checks.map((check) => check.target.length));
  for (const { met, judged: counts, target, row, value, unit } of checks)
    console.log(
      `  ${counts ? (met ? 'MET   ' : 'MISSED') : 'info  '}  ${target.padEnd(width)}  ${row.label} @${row.inFlight}: ` +
        `${fmt(value, unit === '%' ? 1 : unit === '×' ? 2 : 3)}${unit ?? ''}`,
    );
  console.log(
    `  => ${judged.length === 0 ? 'not judged (no raw-HTTP gateway rows)' : allMet ? 'all targets met' : 'targets missed'}`,
  );
  console.log(`total ${(totalMs / 1000).toFixed(1)} s`);
  console.log(
    JSON.stringify({
      bench: 'switchboard-gateway',
      node: process.version,
      targets: TARGETS,
      allTargetsMet: allMet,
      checks: checks.map(({ target, row, value, met, judged }) => ({
        target,
        mode: row.mode,
        inFlight: row.inFlight,
        value: round(value),
        met,
        judged,
      })),
      rounds:
        rounds && analysis
          ? {
              rounds: rounds.plan.rounds,
              callsPerRound: rounds.plan.calls,
              settleCalls: rounds.plan.settle,
              roundP50Ms: {
                direct: rounds.direct.roundP50Ms.map(round),
                logOn: rounds.logOn.roundP50Ms.map(round),
                logOff: rounds.logOff.roundP50Ms.map(round),
              },
              p50Ratio: {
                medianOfRounds: round(analysis.ratio.medianOfRounds),
                ofMedians: round(analysis.ratio.ofMedians),
              },
              callLog: Object.fromEntries(
                Object.entries(analysis.callLog).map(([key, value]) => [key, round(value)]),
              ),
            }
          : null,
      results: rows.map((row) => ({
        mode: row.mode,
        inFlight: row.inFlight,
        calls: row.calls,
        p50Ms: round(row.p50Ms),
        p99Ms: round(row.p99Ms),
        meanMs: round(row.meanMs),
        callsPerSec: Math.round(row.callsPerSec),
        gatewayCpuMsPerCall: round(row.gatewayCpuMsPerCall),
        serverCpuMsPerCall: round(row.serverCpuMsPerCall),
        benchCpuMsPerCall: round(row.benchCpuMsPerCall),
        p50Ratio: round(row.p50Ratio),
        throughputRatio: round(row.throughputRatio),
      })),
    }),
  );
}
