/** Two small SVG charts from the loaded rows: calls per minute, and latency p50/p95 per server. */
import { useMemo } from 'react';
import { useCallLog } from '../../../app/stores-context.tsx';
import { formatClock, formatMs } from '../../../ui/format.ts';
import { useNow } from '../../../ui/use-now.ts';
import { callsPerMinute, latencyByServer } from '../lib/log-stats.ts';

const MINUTES = 30;

function CallsPerMinute({ now }: { now: number }) {
  const entries = useCallLog((state) => state.entries);
  const buckets = useMemo(() => callsPerMinute(entries, now, MINUTES), [entries, now]);
  const peak = Math.max(1, ...buckets.map((bucket) => bucket.calls));
  const total = buckets.reduce((sum, bucket) => sum + bucket.calls, 0);
  const failures = buckets.reduce((sum, bucket) => sum + bucket.failures, 0);
  const denied = buckets.reduce((sum, bucket) => sum + bucket.denied, 0);
  const width = 300;
  const height = 72;
  const slot = width / MINUTES;
  return (
    <figure className="chart">
      <figcaption>
        <span>Calls per minute</span>
        <span className="muted">
          {total} in {MINUTES} min{failures > 0 ? ` · ${failures} failed` : ''}
          {denied > 0 ? ` · ${denied} denied` : ''}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="chart-svg"
        role="img"
        aria-label={`Calls per minute over the last ${MINUTES} minutes: ${total} in total, at most ${peak} in one minute, ${failures} failed, ${denied} denied by the gateway.`}
        preserveAspectRatio="none"
      >
        <line x1="0" x2={width} y1={height} y2={height} className="chart-axis" />
        {buckets.map((bucket, index) => {
          const scale = (count: number) => (count / peak) * (height - 4);
          const ok = scale(bucket.calls - bucket.failures - bucket.denied);
          const bad = scale(bucket.failures);
          const refused = scale(bucket.denied);
          const x = index * slot + 1.5;
          return (
            <g key={bucket.start}>
              <title>{`${formatClock(bucket.start).slice(0, 5)} — ${bucket.calls} calls${bucket.failures ? `, ${bucket.failures} failed` : ''}${bucket.denied ? `, ${bucket.denied} denied` : ''}`}</title>
              <rect
                x={x}
                width={slot - 3}
                y={height - ok}
                height={ok}
                className="chart-bar"
                rx="1.5"
              />
              <rect
                x={x}
                width={slot - 3}
                y={height - ok - bad}
                height={bad}
                className="chart-bar-bad"
                rx="1.5"
              />
              <rect
                x={x}
                width={slot - 3}
                y={height - ok - bad - refused}
                height={refused}
                className="chart-bar-denied"
                rx="1.5"
              />
            </g>
          );
        })}
      </svg>
      <div className="chart-axis-labels" aria-hidden="true">
        <span>{MINUTES} min ago</span>
        <span>peak {peak}/min</span>
        <span>now</span>
      </div>
    </figure>
  );
}

function Latency() {
  const entries = useCallLog((state) => state.entries);
  const rows = useMemo(() => latencyByServer(entries).slice(0, 5), [entries]);
  const max = Math.max(1, ...rows.map((row) => row.p95));
  return (
    <figure className="chart">
      <figcaption>
        <span>Latency per server</span>
        <span className="muted chart-legend">
          <span className="legend-swatch legend-p50" aria-hidden="true" /> p50
          <span className="legend-swatch legend-p95" aria-hidden="true" /> p95
        </span>
      </figcaption>
      {rows.length === 0 ? (
        <p className="muted chart-empty">No calls that reached a server loaded yet.</p>
      ) : (
        <div
          className="latency-rows"
          role="img"
          aria-label={`Latency per server: ${rows.map((row) => `${row.server} p50 ${formatMs(row.p50)}, p95 ${formatMs(row.p95)}`).join('; ')}.`}
        >
          {rows.map((row) => (
            <div
              className="latency-row"
              key={row.server}
              title={`${row.server}: p50 ${formatMs(row.p50)}, p95 ${formatMs(row.p95)} over ${row.calls} calls`}
            >
              <span className="latency-server truncate">{row.server}</span>
              <svg
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                className="latency-bar"
                aria-hidden="true"
              >
                <rect
                  x="0"
                  y="0"
                  width={Math.max(1, (row.p95 / max) * 100)}
                  height="10"
                  rx="1.5"
                  className="chart-bar-p95"
                />
                <rect
                  x="0"
                  y="0"
                  width={Math.max(1, (row.p50 / max) * 100)}
                  height="10"
                  rx="1.5"
                  className="chart-bar"
                />
              </svg>
              <span className="latency-value">
                {formatMs(row.p50)} <span className="muted">/ {formatMs(row.p95)}</span>
              </span>
            </div>
          ))}
        </div>
      )}
      <p className="chart-note">
        Time at the server only: calls refused by the gateway and time waiting for consent are left
        out.
      </p>
    </figure>
  );
}

export function LogCharts() {
  const now = useNow(15_000);
  return (
    <div className="charts" aria-label="Charts from the loaded calls" role="group">
      <CallsPerMinute now={now} />
      <Latency />
    </div>
  );
}
