/** A small set of 16px line icons, drawn for Switchboard; decorative (aria-hidden) by default. */
import type { ReactNode } from 'react';

export type IconName =
  | 'servers'
  | 'catalog'
  | 'clients'
  | 'log'
  | 'settings'
  | 'play'
  | 'stop'
  | 'restart'
  | 'copy'
  | 'check'
  | 'close'
  | 'alert'
  | 'shield'
  | 'plus'
  | 'trash'
  | 'download'
  | 'search'
  | 'chevron'
  | 'key'
  | 'logo';

const PATHS: Record<IconName, ReactNode> = {
  servers: (
    <>
      <rect x="2.5" y="2.5" width="11" height="4.5" rx="1.2" />
      <rect x="2.5" y="9" width="11" height="4.5" rx="1.2" />
      <path d="M5 4.75h.01M5 11.25h.01" />
    </>
  ),
  catalog: (
    <>
      <path d="M8 1.8 13.5 4.6v6.8L8 14.2 2.5 11.4V4.6Z" />
      <path d="M2.5 4.6 8 7.4l5.5-2.8M8 7.4v6.8" />
    </>
  ),
  clients: (
    <>
      <circle cx="6" cy="5.5" r="2.5" />
      <path d="M1.8 13.5c.5-2.4 2.2-3.8 4.2-3.8s3.7 1.4 4.2 3.8" />
      <path d="M10.5 3.2a2.5 2.5 0 0 1 0 4.6M12 9.9c1.2.5 2 1.7 2.2 3.6" />
    </>
  ),
  log: <path d="M5.5 4h8M5.5 8h8M5.5 12h8M2.5 4h.01M2.5 8h.01M2.5 12h.01" />,
  settings: (
    <>
      <circle cx="8" cy="8" r="2.2" />
      <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
    </>
  ),
  play: <path d="M5 3.2v9.6L12.6 8Z" />,
  stop: <rect x="4" y="4" width="8" height="8" rx="1.2" />,
  restart: (
    <>
      <path d="M13 8a5 5 0 1 1-1.6-3.7" />
      <path d="M13 2.5v3h-3" />
    </>
  ),
  copy: (
    <>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />
    </>
  ),
  check: <path d="m3.2 8.4 3 3 6.6-6.8" />,
  close: <path d="m4 4 8 8M12 4l-8 8" />,
  alert: (
    <>
      <path d="M8 1.8 14.6 13.5H1.4Z" />
      <path d="M8 6.2v3.3M8 11.6h.01" />
    </>
  ),
  shield: (
    <>
      <path d="M8 1.6 13.2 3.5v4c0 3.2-2.2 5.6-5.2 6.9-3-1.3-5.2-3.7-5.2-6.9v-4Z" />
      <path d="m5.6 8 1.7 1.7 3.2-3.3" />
    </>
  ),
  plus: <path d="M8 3v10M3 8h10" />,
  trash: (
    <>
      <path d="M2.5 4.5h11M6 4.5V3h4v1.5M4 4.5l.7 9h6.6l.7-9" />
    </>
  ),
  download: (
    <>
      <path d="M8 2.5v7.5M4.8 7 8 10.2 11.2 7" />
      <path d="M2.5 12.5v1h11v-1" />
    </>
  ),
  search: (
    <>
      <circle cx="7" cy="7" r="4.2" />
      <path d="m10.2 10.2 3.3 3.3" />
    </>
  ),
  chevron: <path d="m6 3.5 4.5 4.5L6 12.5" />,
  key: (
    <>
      <circle cx="5.2" cy="10.8" r="2.7" />
      <path d="m7.2 8.8 6-6M11 5l1.8 1.8M9.6 6.4l1.4 1.4" />
    </>
  ),
  logo: (
    <>
      <circle cx="3.5" cy="4" r="1.6" />
      <circle cx="3.5" cy="12" r="1.6" />
      <circle cx="12.5" cy="8" r="1.6" />
      <path d="M5.1 4.4c2.4.6 3 3.6 5.8 3.6M5.1 11.6c2.4-.6 3-3.6 5.8-3.6" />
    </>
  ),
};

export function Icon({
  name,
  size = 16,
  label,
}: {
  name: IconName;
  size?: number;
  label?: string;
}) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
