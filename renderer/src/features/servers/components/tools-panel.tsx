/** A server's tools with their hints, and allow / ask / deny per tool for one profile. */
import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useProfiles, useServers } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import { SegmentedControl } from '../../../ui/segmented-control.tsx';
import { Tag } from '../../../ui/status-badge.tsx';
import { POLICIES, POLICY_HINTS, POLICY_LABELS } from '../lib/server-status.ts';
import { annotationTags, POLICY_SOURCE_WORDS } from '../lib/tool-annotations.ts';
import type { ServerSummary, ToolView } from '../lib/server-types.ts';

const POLICY_OPTIONS = POLICIES.map((value) => ({
  value,
  label: POLICY_LABELS[value],
  hint: POLICY_HINTS[value],
}));

function ToolRow({ server, tool }: { server: string; tool: ToolView }) {
  const setPolicy = useServers((state) => state.setPolicy);
  const tags = annotationTags(tool.annotations);
  const title =
    tool.title ??
    (typeof tool.annotations?.title === 'string' ? tool.annotations.title : undefined);
  const showTitle = title !== undefined && title !== tool.name;
  const hasDescription = showTitle || Boolean(tool.description);
  const description = (
    <>
      {showTitle ? <span className="tool-title">{title}</span> : null}
      {showTitle && tool.description ? ' · ' : null}
      {tool.description}
    </>
  );
  return (
    <li className="tool-row" data-tool={tool.name}>
      <div className="tool-main">
        <div className="tool-name-line">
          <code className="tool-name">{tool.name}</code>
          {tags.map((tag) => (
            <span key={tag.label} title={tag.hint}>
              <Tag tone={tag.tone}>{tag.label}</Tag>
            </span>
          ))}
        </div>
        {hasDescription ? <p className="tool-description">{description}</p> : null}
      </div>
      <div className="tool-policy">
        <SegmentedControl
          size="sm"
          label={`Policy for ${tool.name}`}
          value={tool.policy}
          options={POLICY_OPTIONS}
          onChange={(policy) => void setPolicy(server, tool.name, policy)}
        />
        <span className="tool-policy-source">
          {POLICY_SOURCE_WORDS[tool.policySource]}
          {tool.policySource === 'profile' ? (
            <>
              {' · '}
              <button
                type="button"
                className="link-button"
                onClick={() => void setPolicy(server, tool.name, null)}
                aria-label={`Reset the policy of ${tool.name}`}
              >
                reset
              </button>
            </>
          ) : null}
        </span>
      </div>
    </li>
  );
}

export function ToolsPanel({ server }: { server: ServerSummary }) {
  const profileId = useId();
  const profiles = useProfiles((state) => state.names);
  const { profile, tools } = useServers(
    useShallow((state) => ({
      profile: state.profile,
      tools: state.tools[server.name],
    })),
  );
  const loadTools = useServers((state) => state.loadTools);
  const setProfile = useServers((state) => state.setProfile);
  const running = server.status.state === 'running';

  useEffect(() => {
    void loadTools(server.name);
  }, [loadTools, server.name, server.toolCount, running, profile]);

  const items = tools?.items ?? [];
  const state = server.status.state;
  // Listing fails while the server is down; that is expected, not an error worth red text.
  const inactive = state === 'stopped' || state === 'failed';
  return (
    <div className="tools-panel">
      <div className="section-bar">
        <p className="muted">
          <strong>Allow</strong> runs the tool, <strong>Ask</strong> asks you first,{' '}
          <strong>Deny</strong> hides and blocks it.
        </p>
        <div className="inline-field">
          <label htmlFor={profileId}>Profile</label>
          <select
            id={profileId}
            className="select select-sm"
            value={profile}
            onChange={(event) => setProfile(event.target.value)}
          >
            {profiles.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {inactive ? (
        <p className="notice" role="status">
          {state === 'stopped'
            ? 'Stopped — start it to use its tools.'
            : 'Not running — start it again to use its tools.'}{' '}
          {items.length > 0 ? 'Policies set here still apply when it runs.' : null}
        </p>
      ) : (
        <InlineError message={tools?.error ? describeError(tools.error) : undefined} />
      )}
      {items.length === 0 ? (
        <p className="muted panel-empty">
          {tools?.loading
            ? 'Loading tools…'
            : running
              ? 'This server offers no tools.'
              : inactive
                ? 'Its tools are listed from the server itself, once it runs.'
                : 'Tools appear once the server is running (they are listed from the server itself).'}
        </p>
      ) : (
        <ul
          className={`tool-rows${inactive ? ' is-inactive' : ''}`}
          aria-label={`Tools of ${server.name}`}
        >
          {items.map((tool) => (
            <ToolRow key={tool.name} server={server.name} tool={tool} />
          ))}
        </ul>
      )}
    </div>
  );
}
