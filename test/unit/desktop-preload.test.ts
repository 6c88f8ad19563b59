/**
 * The preload as Electron runs it sandboxed: compiled to one CommonJS script, wrapped the way a
 * sandboxed renderer wraps preloads, with a require that knows 'electron' only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, Script } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../../shared/contract.ts';

const SOURCE = join(import.meta.dirname, '..', '..', 'electron', 'preload', 'preload.ts');

function loadPreload() {
  const { outputText } = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, ((event: unknown, message: unknown) => void)[]>();
  const ipcRenderer = {
    invoke: vi.fn(async (_channel: string, _request: unknown): Promise<unknown> => ({
      ok: true,
      value: [],
    })),
    send: vi.fn(),
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer,
  };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const wrapper = new Script(
    `(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {\n${outputText}\n})`,
  );
  const run = wrapper.runInContext(createContext({ console })) as (...args: unknown[]) => void;
  const module = { exports: {} };
  run(sandboxRequire, {}, undefined, {}, undefined, undefined, module.exports, module);
  const push = (message: unknown) => {
    for (const listener of listeners.get('engine:event') ?? []) listener({}, message);
  };
  return { exposed, ipcRenderer, required, push, listeners };
}

describe('preload bridge', () => {
  it('runs sandboxed, requires only electron, and exposes window.switchboard with call and subscribe only', () => {
    const { exposed, required, listeners } = loadPreload();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['switchboard']);
    expect(Object.keys(exposed.get('switchboard') as object).sort()).toEqual(['call', 'subscribe']);
    expect([...listeners.keys()]).toEqual(['engine:event']);
  });

  it('call invokes engine:call with { method, params } and never throws', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const api = exposed.get('switchboard') as EngineApi;
    await expect(api.call('servers:list', {})).resolves.toEqual({ ok: true, value: [] });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('engine:call', {
      method: 'servers:list',
      params: {},
    });
    ipcRenderer.invoke.mockRejectedValueOnce(new Error('channel closed'));
    await expect(api.call('servers:list', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'channel closed' },
    });
  });

  it('subscribes a window once per event, delivers events, and unsubscribes with the last listener', () => {
    const { exposed, ipcRenderer, push } = loadPreload();
    const api = exposed.get('switchboard') as EngineApi;
    const first = vi.fn();
    const second = vi.fn(() => {
      throw new Error('a broken listener');
    });
    const third = vi.fn();
    const offFirst = api.subscribe('consent:requested', first);
    const offSecond = api.subscribe('consent:requested', second);
    const offThird = api.subscribe('servers:status-changed', third);
    expect(ipcRenderer.send.mock.calls).toEqual([
      ['engine:subscribe', { event: 'consent:requested' }],
      ['engine:subscribe', { event: 'servers:status-changed' }],
    ]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    push({ event: 'consent:requested', payload: { id: 'r1' } });
    errors.mockRestore();
    expect(first).toHaveBeenCalledWith({ id: 'r1' });
    expect(third).not.toHaveBeenCalled();

    offFirst();
    offFirst(); // twice is harmless
    expect(ipcRenderer.send).toHaveBeenCalledTimes(2);
    offSecond();
    expect(ipcRenderer.send).toHaveBeenLastCalledWith('engine:unsubscribe', {
      event: 'consent:requested',
    });
    push({ event: 'consent:requested', payload: { id: 'r2' } });
    expect(first).toHaveBeenCalledTimes(1);
    offThird();
    expect(ipcRenderer.send).toHaveBeenCalledTimes(4);
  });
});
