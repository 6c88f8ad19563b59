/** The per-app configuration snippets in tabs, each with a copy button. */
import { useState } from 'react';
import { CopyButton } from '../../../ui/copy-button.tsx';
import { Tabs } from '../../../ui/tabs.tsx';
import { clientSnippets, type Snippet } from '../lib/snippets.ts';

export function SnippetTabs({
  gatewayUrl,
  token,
  clientName,
}: {
  gatewayUrl: string;
  token?: string;
  clientName: string;
}) {
  const snippets = clientSnippets(gatewayUrl, token);
  const [current, setCurrent] = useState<Snippet['id']>('claude-desktop');
  const snippet = snippets.find((item) => item.id === current) ?? snippets[0]!;
  return (
    <Tabs
      label={`Connect ${clientName}`}
      tabs={snippets.map((item) => ({ id: item.id, label: item.label }))}
      current={current}
      onChange={setCurrent}
    >
      <div className="snippet">
        <div className="snippet-bar">
          <span className="muted">Paste into {snippet.where}</span>
          <CopyButton text={snippet.text} label={`Copy the ${snippet.label} configuration`} />
        </div>
        <pre className="code-block">{snippet.text}</pre>
        {token ? null : (
          <p className="field-hint">
            Replace <code>&lt;token&gt;</code> with this client’s token. Lost it? Revoke the client
            and create a new one.
          </p>
        )}
      </div>
    </Tabs>
  );
}
