/**
 * The launch form's draft, and the smallest 'servers:update' patch that applies it: only the
 * fields that changed are sent, so an untouched field can never overwrite a newer config.
 */
import type { ServerSettings, ServerUpdatePatch } from './server-types.ts';

/** An existing env variable or header: its value is never known here, only replaced or removed. */
export type ExistingValue = { value: string; remove: boolean };
export type AddedValue = { name: string; value: string };

export type LaunchDraft = {
  command: string;
  /** One argument per line, so an argument may hold spaces. */
  args: string;
  cwd: string;
  url: string;
  existing: Record<string, ExistingValue>;
  added: AddedValue[];
};

export function isLocal(settings: ServerSettings): boolean {
  return settings.transport === 'stdio';
}

export function valueNoun(settings: ServerSettings): 'variable' | 'header' {
  return isLocal(settings) ? 'variable' : 'header';
}

/** The names whose values the form edits: env for a local server, headers for a remote one. */
export function valueNames(settings: ServerSettings): string[] {
  return isLocal(settings) ? settings.envKeys : settings.headerKeys;
}

export function draftFrom(settings: ServerSettings): LaunchDraft {
  return {
    command: settings.command ?? '',
    args: (settings.args ?? []).join('\n'),
    cwd: settings.cwd ?? '',
    url: settings.url ?? '',
    existing: Object.fromEntries(
      valueNames(settings).map((name) => [name, { value: '', remove: false }]),
    ),
    added: [],
  };
}

/** Blank lines are dropped: a trailing newline is not meant as an empty argument. */
export function parseArgs(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

/** The command line as a shell would read it: arguments with spaces or quotes are quoted. */
export function commandLine(settings: ServerSettings): string {
  const quote = (part: string) =>
    part === '' || /[\s"'\\]/.test(part) ? JSON.stringify(part) : part;
  return [settings.command ?? '', ...(settings.args ?? [])].map(quote).join(' ');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function valuesPatch(
  names: string[],
  draft: LaunchDraft,
  noun: string,
): { values: Record<string, string | null>; problem?: string } {
  const values: Record<string, string | null> = {};
  for (const name of names) {
    const row = draft.existing[name];
    if (row?.remove) values[name] = null;
    else if (row?.value) values[name] = row.value; // empty keeps the stored value
  }
  const seen = new Set(names);
  for (const row of draft.added) {
    const name = row.name.trim();
    if (!name) {
      if (row.value) return { values, problem: `Give each new ${noun} a name, or discard it.` };
      continue;
    }
    if (seen.has(name))
      return { values, problem: `“${name}” is already listed: give it one value only.` };
    seen.add(name);
    values[name] = row.value;
  }
  return { values };
}

/** What to send (empty when nothing changed), or why the draft cannot be sent yet. */
export function patchFrom(
  settings: ServerSettings,
  draft: LaunchDraft,
): { patch: ServerUpdatePatch; problem?: string } {
  const patch: ServerUpdatePatch = {};
  const { values, problem } = valuesPatch(valueNames(settings), draft, valueNoun(settings));
  const changedValues = Object.keys(values).length > 0 ? values : undefined;
  if (!isLocal(settings)) {
    if (draft.url.trim() !== (settings.url ?? '')) patch.url = draft.url.trim();
    if (changedValues) patch.headers = changedValues;
    return { patch, problem };
  }
  // An emptied command is sent as is: the engine refuses it in words.
  if (draft.command.trim() !== (settings.command ?? '')) patch.command = draft.command.trim();
  const args = parseArgs(draft.args);
  if (!sameList(args, settings.args ?? [])) patch.args = args;
  const cwd = draft.cwd.trim();
  if (cwd !== (settings.cwd ?? '')) patch.cwd = cwd === '' ? null : cwd;
  if (changedValues) patch.env = changedValues;
  return { patch, problem };
}
