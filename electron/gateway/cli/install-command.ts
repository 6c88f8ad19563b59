/**
 * `switchboard install NAME[@VERSION]`, `uninstall NAME`, `update [NAME]`: catalog installs
 * from the terminal, with npm's progress as a bar. Secrets the entry declares are asked for at
 * the terminal (not echoed) when not given; piped runs take them from --set.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  InstallSourceSchema,
  type InstallSource,
  type SettingField,
} from '../../../shared/install.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import type { NpmProgress } from '../installs/npm-install.ts';
import { openBackend, type Backend, type BackendOptions } from './install-backends.ts';
import { UsageError } from './serve-command.ts';

type CommonOptions = BackendOptions;

function common(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .option('--config <file>', 'the servers file to write (only when no gateway is running)')
    .option('--registry <url>', 'the MCP Registry to ask (default: the settings)')
    .option('--offline', 'use only the bundled catalog and the cached listing');
}

function setting(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('use KEY=VALUE');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function source(value: string): InstallSource {
  const parsed = InstallSourceSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError(`use one of ${InstallSourceSchema.options.join(', ')}`);
  return parsed.data;
}

/** "name@1.2.3" → name and version; a scoped-looking "@x" alone is a name. */
export function splitVersion(spec: string): { catalog: string; version?: string } {
  const at = spec.lastIndexOf('@');
  return at > 0 ? { catalog: spec.slice(0, at), version: spec.slice(at + 1) } : { catalog: spec };
}

/** A bar on a terminal, plain lines otherwise; npm's own lines are shown above it. */
export function progressPrinter(
  stream: NodeJS.WriteStream = process.stderr,
): (progress: NpmProgress) => void {
  let lastPercent = -1;
  return (progress) => {
    if (progress.line) {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      stream.write(`  ${progress.line}\n`);
    }
    if (progress.fraction === undefined) return;
    const percent = Math.round(progress.fraction * 100);
    if (percent === lastPercent) return;
    lastPercent = percent;
    const filled = Math.round(progress.fraction * 30);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${percent}% ${progress.phase}`;
    if (stream.isTTY) stream.write(`\r\x1b[2K${bar}`);
    else if (percent % 25 === 0) stream.write(`${bar}\n`);
  };
}

/** Reads one line at the terminal without echoing it: a secret must not stay on screen. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          process.stderr.write('\n');
          return resolve(value);
        }
        if (char === '\u0003') process.exit(130);
        value = char === '\u007f' ? value.slice(0, -1) : value + char;
      }
    };
    input.on('data', onData);
  });
}

/** Secrets not given with --set are asked for at a terminal; piped runs leave them unset. */
async function askSecrets(
  fields: SettingField[],
  values: Record<string, string>,
): Promise<Record<string, string>> {
  for (const field of fields) {
    if (!field.isSecret || values[field.name] || !process.stdin.isTTY) continue;
    const about = field.description ?? field.title;
    const value = await askHidden(
      `${field.name}${about ? ` (${about})` : ''}${field.isRequired ? '' : ', Enter to skip'}: `,
    );
    if (value) values[field.name] = value;
  }
  return values;
}

async function withBackend<T>(
  options: CommonOptions,
  work: (backend: Backend) => Promise<T>,
): Promise<T> {
  const backend = await openBackend(options);
  try {
    return await work(backend);
  } finally {
    backend.close();
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  }
}

/** A bundle is named by its extension, or by being a file here (a catalog name never is one). */
function bundlePath(spec: string): string | undefined {
  if (/\.(mcpb|dxt)$/i.test(spec)) return resolve(spec);
  return statSync(spec, { throwIfNoEntry: false })?.isFile() ? resolve(spec) : undefined;
}

export function registerInstallCommands(program: Command): void {
  common(
    program
      .command('install <name>')
      .description(
        'install a catalog entry (NAME or NAME@VERSION; see "switchboard catalog search") or a local bundle (FILE.mcpb)',
      )
      .option('--name <server>', 'the server name in Switchboard (default: from the entry)')
      .option(
        '--source <source>',
        'npm, pypi, oci or remote, when the entry offers several',
        source,
      )
      .option('--set <KEY=VALUE>', 'a setting the entry declares (repeat for more)', setting, {}),
  ).action(
    async (
      spec: string,
      options: CommonOptions & {
        name?: string;
        source?: InstallSource;
        set: Record<string, string>;
      },
    ) => {
      const bundle = bundlePath(spec);
      // A bundle has one way to run (its manifest's); a --source would be silently ignored.
      if (bundle && options.source)
        throw new UsageError('--source applies to catalog entries, not to a bundle');
      const { catalog, version } = splitVersion(spec);
      await withBackend(options, async (backend) => {
        const fields = bundle
          ? await backend.bundleSettings(bundle)
          : await backend.settings(catalog, options.source);
        const values = await askSecrets(fields, { ...options.set });
        console.error(`Installing ${spec} into ${backend.where}`);
        const { name } = bundle
          ? await backend.installBundle({
              file: bundle,
              values,
              ...(options.name ? { name: options.name } : {}),
            })
          : await backend.install(
              {
                catalog,
                values,
                ...(version ? { version } : {}),
                ...(options.name ? { name: options.name } : {}),
                ...(options.source ? { source: options.source } : {}),
              },
              progressPrinter(),
            );
        console.log(`Installed "${name}".`);
      });
    },
  );

  common(
    program
      .command('uninstall <name>')
      .description('remove an installed server: its entry, its files and its secrets'),
  ).action(async (name: string, options: CommonOptions) => {
    await withBackend(options, async (backend) => {
      const removed = await backend.uninstall(name);
      console.log(
        `Uninstalled "${name}"${removed.files ? ', its files' : ''} and ${removed.secrets} secret${removed.secrets === 1 ? '' : 's'}.`,
      );
    });
  });

  common(
    program
      .command('update [name]')
      .description('update installed servers whose catalog entry is newer (no name: list them)'),
  ).action(async (name: string | undefined, options: CommonOptions) => {
    await withBackend(options, async (backend) => {
      if (!name) {
        const updates = await backend.updates();
        if (updates.length === 0) return void console.log('Every installed server is up to date.');
        for (const item of updates)
          console.log(
            `${item.server}: ${item.from} → ${item.to}   (switchboard update ${item.server})`,
          );
        return;
      }
      const { from, to } = await backend.update(name, progressPrinter());
      console.log(
        `Updated "${name}" from ${from ?? 'an unknown version'} to ${to}; its settings are kept.`,
      );
    });
  });
}
