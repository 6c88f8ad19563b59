/**
 * Clients: the AI apps found on this machine (connect, undo, import), creating a client by
 * hand (token shown once), the list with revoke, and the profiles clients belong to.
 */
import { useState } from 'react';
import { useClients, useSettings } from '../../../app/stores-context.tsx';
import { EmptyState } from '../../../ui/empty-state.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { StatusBadge } from '../../../ui/status-badge.tsx';
import { formatAgo, formatDateTime } from '../../../ui/format.ts';
import { useNow } from '../../../ui/use-now.ts';
import { ProfilesCard } from '../../profiles/components/profiles-card.tsx';
import type { ClientInfo } from '../store/clients-store.ts';
import { ClientApps } from './client-apps.tsx';
import { CreateClient } from './create-client.tsx';
import { SnippetTabs } from './snippet-tabs.tsx';

function ClientRow({ client, now }: { client: ClientInfo; now: number }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const revoke = useClients((state) => state.revoke);
  const revoking = useClients((state) => state.revoking[client.id] === true);
  const url = useSettings((state) => state.settings?.url);
  const revoked = client.revokedAt !== undefined;
  const panelId = `client-${client.id}-connect`;
  return (
    <li className={`client-row${revoked ? ' is-revoked' : ''}`} data-client={client.name}>
      <div className="client-line">
        <div className="client-name">
          <strong>{client.name}</strong>
          <span className="muted">
            profile {client.profile} · created{' '}
            <time
              dateTime={new Date(client.createdAt).toISOString()}
              title={formatDateTime(client.createdAt)}
            >
              {formatAgo(client.createdAt, now)}
            </time>
          </span>
        </div>
        {revoked ? (
          <StatusBadge tone="idle">Revoked {formatAgo(client.revokedAt ?? now, now)}</StatusBadge>
        ) : (
          <StatusBadge tone="ok">Active</StatusBadge>
        )}
        <div className="button-row">
          {revoked ? null : (
            <button
              type="button"
              className="button button-ghost button-sm"
              aria-expanded={open}
              aria-controls={panelId}
              onClick={() => setOpen(!open)}
            >
              How to connect
            </button>
          )}
          {revoked ? null : confirming ? (
            <>
              <button
                type="button"
                className="button button-danger button-sm"
                disabled={revoking}
                onClick={() => void revoke(client.id)}
              >
                {revoking ? 'Revoking…' : `Revoke “${client.name}”`}
              </button>
              <button
                type="button"
                className="button button-ghost button-sm"
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button-danger-ghost button-sm"
              onClick={() => setConfirming(true)}
              aria-label={`Revoke ${client.name}…`}
            >
              Revoke…
            </button>
          )}
        </div>
      </div>
      {open && !revoked && url ? (
        <div id={panelId} className="client-connect">
          <SnippetTabs gatewayUrl={url} clientName={client.name} />
        </div>
      ) : null}
    </li>
  );
}

export function ClientsScreen() {
  const clients = useClients((state) => state.clients);
  const loaded = useClients((state) => state.loaded);
  const now = useNow(30_000);
  const active = clients.filter((client) => client.revokedAt === undefined).length;
  return (
    <div className="stack">
      <ClientApps />
      <CreateClient />
      <section className="card" aria-labelledby="clients-title">
        <h2 id="clients-title" className="card-title">
          Clients <span className="count">{active} active</span>
        </h2>
        {!loaded ? (
          <p className="muted">Loading clients…</p>
        ) : clients.length === 0 ? (
          <EmptyState icon="clients" title="No clients yet">
            <p>
              Create a client above for each app that should use your servers — Claude Desktop,
              Cursor, VS Code or Claude Code — then paste the snippet into that app.
            </p>
          </EmptyState>
        ) : (
          <ul className="client-rows">
            {clients.map((client) => (
              <ClientRow key={client.id} client={client} now={now} />
            ))}
          </ul>
        )}
        <p className="field-hint">
          <Icon name="shield" size={12} /> Every request to the gateway must carry a client token.
          Revoking one closes its sessions at once.
        </p>
      </section>
      <ProfilesCard />
    </div>
  );
}
