/**
 * The report: ratios against direct stdio, the table, the targets (judged on the raw-HTTP gateway
 * rows; the SDK client rows are for reference), and the JSON summary line.
 */
import type { Measurement } from './measure.ts';

export const TARGETS = { gatewayCpuMsPerCall: 0.5, p50RatioAt1: 3 };

export type Row = Measurement & {
  mode: string;
  label: string;
  p50Ratio?: number;
  throughputRatio?: number;
};

type Check = { target: string; row: Row; value: number; met: boolean };

function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function round(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value * 10_000) / 10_000;
}

/** Fills in p50 and calls/s ratios against the direct stdio row at the same in-flight count. */
function addRatios(rows: Row[]): void {
  for (const row of rows) {
    const base = rows.find((other) => other.mode === 'direct' && other.inFlight === row.inFlight);
    if (!base || row === base) continue;
    row.p50Ratio = row.p50Ms / base.p50Ms;
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

function judge(rows: Row[]): Check[] {
  const judged = rows.filter(
    (row) => row.mode === 'raw-aggregate' || row.mode === 'raw-passthrough',
  );
  return [
    ...judged.map((row) => ({
      target: `gateway CPU ≤ ${TARGETS.gatewayCpuMsPerCall} ms/call`,
      row,
      value: row.gatewayCpuMsPerCall ?? NaN,
      met: (row.gatewayCpuMsPerCall ?? Infinity) <= TARGETS.gatewayCpuMsPerCall,
    })),
    ...judged.flatMap((row) =>
      row.inFlight === 1 && row.p50Ratio !== undefined
        ? [
            {
              target: `p50 at 1 in flight ≤ ${TARGETS.p50RatioAt1}× direct stdio`,
              row,
              value: row.p50Ratio,
              met: row.p50Ratio <= TARGETS.p50RatioAt1,
            },
          ]
        : [],
    ),
  ];
}

/** Prints the table and the targets, then (last line) the JSON summary. */
export function report(rows: Row[], totalMs: number): void {
  addRatios(rows);
  console.log('');
  printTable(rows);
  const checks = judge(rows);
  const allMet = checks.length > 0 && checks.every((check) => check.met);
  console.log('');
  console.log('Targets (raw-HTTP client rows):');
  for (const { met, target, row, value } of checks)
    console.log(
      `  ${met ? 'MET   ' : 'MISSED'}  ${target.padEnd(38)} ${row.label} @${row.inFlight}: ${fmt(value)}`,
    );
  console.log(
    `  => ${checks.length === 0 ? 'not judged (no raw-HTTP gateway rows)' : allMet ? 'all targets met' : 'targets missed'}`,
  );
  console.log(`total ${(totalMs / 1000).toFixed(1)} s`);
  console.log(
    JSON.stringify({
      bench: 'switchboard-gateway',
      node: process.version,
      targets: TARGETS,
      allTargetsMet: allMet,
      checks: checks.map(({ target, row, value, met }) => ({
        target,
        mode: row.mode,
        inFlight: row.inFlight,
        value: round(value),
        met,
      })),
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
