/**
 * The AI apps' own config files: what each holds, importing its servers, connecting it to the
 * gateway and undoing that. Each action ends with one message saying what changed on disk.
 * Tokens never reach the dashboard: the engine writes them into the app's file only.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineApi, MethodResult, ReportError } from '../../../api/engine-api.ts';
import { callSafely, describeError, ignoreErrors } from '../../../api/engine-api.ts';
import { plural } from '../../../ui/format.ts';

export type ClientConfigView = MethodResult<'clientConfigs:list'>[number];
export type ClientConfigId = ClientConfigView['client'];
export type ServersExport = MethodResult<'servers:export'>;

export type ActionNote = { client: ClientConfigId; tone: 'ok' | 'error'; text: string };

export type ClientConfigsState = {
  views: ClientConfigView[];
  loaded: boolean;
  busy: ClientConfigId[];
  note?: ActionNote;
  load(): Promise<void>;
  connect(client: ClientConfigId, profile: string): Promise<void>;
  undo(client: ClientConfigId): Promise<void>;
  importServers(client: ClientConfigId, names: string[], moveSecrets: boolean): Promise<boolean>;
  exportServers(): Promise<ServersExport | undefined>;
  dismissNote(): void;
};

export type ClientConfigsStore = StoreApi<ClientConfigsState>;

export function createClientConfigsStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): ClientConfigsStore {
  return createStore<ClientConfigsState>()((set, get) => {
    const labelOf = (client: ClientConfigId) =>
      get().views.find((view) => view.client === client)?.label ?? client;
    /** Runs one action on one app, then reloads what the files hold now. */
    const act = async (
      client: ClientConfigId,
      work: () => Promise<{ ok: true; text: string } | { ok: false; text: string }>,
    ) => {
      set((state) => ({ busy: [...state.busy, client], note: undefined }));
      try {
        const outcome = await work();
        set({ note: { client, tone: outcome.ok ? 'ok' : 'error', text: outcome.text } });
        await get().load();
        return outcome.ok;
      } finally {
        set((state) => ({ busy: state.busy.filter((item) => item !== client) }));
      }
    };
    return {
      views: [],
      loaded: false,
      busy: [],

      async load() {
        const result = await callSafely(api, 'clientConfigs:list', {});
        if (result.ok) set({ views: result.value, loaded: true });
        else {
          set({ loaded: true });
          report('Read the apps’ config files', result.error);
        }
      },

      async connect(client, profile) {
        await act(client, async () => {
          const result = await callSafely(api, 'clientConfigs:connect', { client, profile });
          if (!result.ok) return { ok: false, text: describeError(result.error) };
          const { file, backup, created } = result.value;
          const kept = backup ? ` The previous file is kept as ${backup}.` : '';
          const verb = created ? 'Created' : 'Updated';
          return {
            ok: true,
            text: `${verb} ${file}.${kept} Restart ${labelOf(client)} to use Switchboard.`,
          };
        });
      },

      async undo(client) {
        await act(client, async () => {
          const result = await callSafely(api, 'clientConfigs:undo', { client });
          if (!result.ok) return { ok: false, text: describeError(result.error) };
          const { file, outcome, keptChanges } = result.value;
          const what = outcome === 'restored' ? `Restored ${file}` : `Removed ${file}`;
          const kept = keptChanges ? ` Your later edits are kept in ${keptChanges}.` : '';
          return { ok: true, text: `${what} and revoked its token.${kept}` };
        });
      },

      importServers: (client, names, moveSecrets) =>
        act(client, async () => {
          const result = await callSafely(api, 'clientConfigs:import', {
            client,
            names,
            moveSecrets,
          });
          if (!result.ok) return { ok: false, text: describeError(result.error) };
          const { added, skipped, secretsMoved } = result.value;
          const parts = [`Imported ${plural(added.length, 'server')}`];
          if (secretsMoved.length > 0)
            parts.push(`${plural(secretsMoved.length, 'secret')} moved to the keychain`);
          const skips = skipped.map((skip) => `${skip.name} (${skip.reason})`).join(', ');
          return {
            ok: added.length > 0 || skipped.length === 0,
            text: `${parts.join('; ')}.${skips ? ` Skipped: ${skips}.` : ''}`,
          };
        }),

      async exportServers() {
        const result = await callSafely(api, 'servers:export', {});
        if (result.ok) return result.value;
        report('Export the servers', result.error);
        return undefined;
      },

      dismissNote: () => set({ note: undefined }),
    };
  });
}
