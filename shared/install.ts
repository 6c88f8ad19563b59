/**
 * Installing a server: the settings an install asks for (from a catalog entry or a bundle's
 * manifest), the record kept with an installed server, and the progress an install reports.
 * Shared by the engine, the CLI and the dashboard.
 */
import { z } from 'zod';

/** One value the user fills in before the first start. Secrets go to the keychain, never the config. */
export const SettingFieldSchema = z.object({
  /** An env var, header or bundle `user_config` key; also the secret's key in the keychain. */
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  isRequired: z.boolean(),
  isSecret: z.boolean(),
  default: z.string().optional(),
  choices: z.array(z.string()).optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath', 'directory']).optional(),
  /** Where the value goes. */
  target: z.enum(['env', 'header', 'argument', 'url']),
});
export type SettingField = z.infer<typeof SettingFieldSchema>;

export const INSTALL_SOURCES = ['npm', 'pypi', 'oci', 'mcpb', 'remote'] as const;
export const InstallSourceSchema = z.enum(INSTALL_SOURCES);
export type InstallSource = z.infer<typeof InstallSourceSchema>;

/**
 * Kept under `install` in the server's `mcpServers` entry: where it came from, so update and
 * uninstall know what to do. `dir` is the folder in the data dir holding its files, if any.
 */
export const InstallRecordSchema = z.looseObject({
  source: InstallSourceSchema,
  /** The catalog entry's name (`io.github.owner/server`), when installed from the catalog. */
  catalog: z.string().optional(),
  /** npm or pypi package, OCI image, or the bundle's name. */
  package: z.string().optional(),
  version: z.string().optional(),
  dir: z.string().optional(),
  installedAt: z.number().optional(),
});
export type InstallRecord = z.infer<typeof InstallRecordSchema>;

/** What an install is doing now: a phase, how far along (0..1 when known), and npm's own lines. */
export const InstallProgressSchema = z.object({
  id: z.string(),
  server: z.string(),
  phase: z.enum(['resolving', 'downloading', 'finishing', 'done', 'failed']),
  /** 0..1, or undefined while not known yet. */
  fraction: z.number().min(0).max(1).optional(),
  /** The newest output lines (a few), for the log under the bar. */
  lines: z.array(z.string()),
  /** Why it failed, in one sentence, on `failed`. */
  error: z.string().optional(),
});
export type InstallProgress = z.infer<typeof InstallProgressSchema>;
