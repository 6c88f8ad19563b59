/**
 * From a catalog entry to what an install needs: which of its packages or remotes to use, the
 * settings to ask for (exactly those the entry declares), and, once they are filled in, the
 * `mcpServers` entry to save. Secret values never enter the entry: they become `${secret:KEY}`
 * references, resolved from the keychain at each start.
 */
import type {
  Argument,
  KeyValueInput,
  Package,
  Remote,
  ServerJson,
} from '../../../shared/catalog.ts';
import type { InstallSource, SettingField } from '../../../shared/install.ts';
import { toServerName } from '../config/servers-config.ts';
import { toSecretKey } from '../secrets/secret-store.ts';

export type PackageSource = Exclude<InstallSource, 'remote'>;
export type InstallChoice =
  { source: 'remote'; remote: Remote } | { source: PackageSource; pkg: Package };

/** The first package of a kind we can run, else the first remote; `prefer` picks a source. */
export function chooseInstall(server: ServerJson, prefer?: InstallSource): InstallChoice {
  const packages = (server.packages ?? []).filter((pkg) => pkg.registryType !== 'nuget');
  const remotes = server.remotes ?? [];
  if (prefer === 'remote' && remotes[0]) return { source: 'remote', remote: remotes[0] };
  const pkg = prefer ? packages.find((item) => item.registryType === prefer) : packages[0];
  if (pkg) return { source: pkg.registryType as PackageSource, pkg };
  if (!prefer && remotes[0]) return { source: 'remote', remote: remotes[0] };
  const offered = [
    ...packages.map((item) => item.registryType),
    ...(remotes.length ? ['remote'] : []),
  ];
  throw new Error(
    `${server.name} has no ${prefer ?? 'installable'} option${offered.length ? ` (it offers: ${offered.join(', ')})` : ''}`,
  );
}

function field(
  input: KeyValueInput | (Argument & { name: string }),
  target: SettingField['target'],
): SettingField {
  return {
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    isRequired: input.isRequired === true,
    isSecret: input.isSecret === true,
    ...(input.default !== undefined ? { default: input.default } : {}),
    ...(input.choices ? { choices: input.choices } : {}),
    ...(input.format ? { format: input.format } : {}),
    target,
  };
}

/** An argument the user must fill in: no fixed value. Named by its hint, or its flag without dashes. */
function argumentName(arg: Argument): string {
  const raw = arg.type === 'named' ? arg.name : (arg.valueHint ?? 'argument');
  return raw.replace(/^-+/, '') || 'argument';
}

/** An input without a fixed value is itself a setting; one with a value template asks for its `{variables}`. */
function inputFields(input: KeyValueInput, target: SettingField['target']): SettingField[] {
  if (input.value === undefined) return [field(input, target)];
  return Object.entries(input.variables ?? {}).map(([name, variable]) =>
    field({ ...variable, name }, target),
  );
}

/** Every setting the choice declares, each named once. */
export function settingsFor(choice: InstallChoice): SettingField[] {
  const fields: SettingField[] = [];
  if (choice.source === 'remote') {
    for (const [name, input] of Object.entries(choice.remote.variables ?? {}))
      fields.push(field({ ...input, name }, 'url'));
    for (const header of choice.remote.headers ?? []) fields.push(...inputFields(header, 'header'));
  } else {
    for (const arg of [
      ...(choice.pkg.runtimeArguments ?? []),
      ...(choice.pkg.packageArguments ?? []),
    ])
      if (arg.value === undefined)
        fields.push(field({ ...arg, name: argumentName(arg) }, 'argument'));
    for (const env of choice.pkg.environmentVariables ?? [])
      fields.push(...inputFields(env, 'env'));
  }
  const seen = new Set<string>();
  return fields.filter((item) => !seen.has(item.name) && seen.add(item.name));
}

export type FilledSettings = {
  /** Non-secret values by setting name; secrets resolve to references. */
  valueOf(name: string): string | undefined;
  secrets: Record<string, string>;
};

/** The values given, defaults for the rest; names every required setting still missing. */
export function fillSettings(
  fields: SettingField[],
  values: Record<string, string>,
): FilledSettings {
  const unknown = Object.keys(values).filter((name) => !fields.some((item) => item.name === name));
  if (unknown.length)
    throw new Error(
      `unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (this entry takes: ${fields.map((item) => item.name).join(', ') || 'none'})`,
    );
  const missing = fields.filter(
    (item) => item.isRequired && !item.isSecret && !values[item.name] && item.default === undefined,
  );
  if (missing.length)
    throw new Error(
      `missing required setting${missing.length > 1 ? 's' : ''}: ${missing.map((item) => item.name).join(', ')}`,
    );
  const secrets: Record<string, string> = {};
  for (const item of fields) {
    const value = values[item.name];
    if (item.choices && value && !item.choices.includes(value))
      throw new Error(`${item.name} must be one of: ${item.choices.join(', ')}`);
    if (item.isSecret && value) secrets[toSecretKey(item.name)] = value;
  }
  const byName = new Map(fields.map((item) => [item.name, item]));
  return {
    secrets,
    valueOf(name) {
      const item = byName.get(name);
      if (item?.isSecret) {
        // Referenced whenever it may be set later (required ones are, before they can start).
        return values[name] || item.isRequired ? `\${secret:${toSecretKey(name)}}` : undefined;
      }
      return values[name] || item?.default;
    },
  };
}

/** `{name}` placeholders of a server.json value, filled from the settings. */
function expand(template: string, filled: FilledSettings): string {
  return template.replace(
    /\{([A-Za-z0-9_.-]+)\}/g,
    (whole, name: string) => filled.valueOf(name) ?? whole,
  );
}

/** The command-line arguments of a package's argument list. */
export function argumentsOf(args: Argument[] | undefined, filled: FilledSettings): string[] {
  const out: string[] = [];
  for (const arg of args ?? []) {
    const raw =
      arg.value !== undefined ? expand(arg.value, filled) : filled.valueOf(argumentName(arg));
    if (raw === undefined || raw === '') continue;
    if (raw.includes('${secret:'))
      throw new Error(
        `${argumentName(arg)} is a secret passed as an argument, which Switchboard cannot keep out of the config`,
      );
    const values = arg.isRepeated
      ? raw
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
      : [raw];
    for (const value of values) out.push(...(arg.type === 'named' ? [arg.name, value] : [value]));
  }
  return out;
}

export function environmentOf(pkg: Package, filled: FilledSettings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of pkg.environmentVariables ?? []) {
    const value = item.value !== undefined ? expand(item.value, filled) : filled.valueOf(item.name);
    if (value !== undefined && value !== '') env[item.name] = value;
  }
  return env;
}

/** A remote's `mcpServers` entry: URL variables filled in, headers as given or referenced. */
export function remoteEntry(remote: Remote, filled: FilledSettings): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const header of remote.headers ?? []) {
    const value =
      header.value !== undefined ? expand(header.value, filled) : filled.valueOf(header.name);
    if (value) headers[header.name] = value;
  }
  const url = expand(remote.url, filled);
  if (/\{[^}]+\}/.test(url)) throw new Error(`the URL ${url} still has a variable to fill in`);
  return { type: remote.type === 'sse' ? 'sse' : 'http', url, headers };
}

/** A server name from the entry's: the part after the slash, cut to the safe alphabet. */
export function defaultServerName(server: ServerJson): string {
  const tail = server.name.split('/').pop() ?? server.name;
  return toServerName(
    tail.replace(/^(mcp-server-|server-)/, '').replace(/(-mcp-server|-mcp)$/, ''),
  );
}
