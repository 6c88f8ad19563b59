/**
 * An MCPB bundle's manifest.json (github.com/modelcontextprotocol/mcpb, MANIFEST.md): who the
 * server is, how to start it (`server.mcp_config`, with `${__dirname}` and `${user_config.KEY}`
 * placeholders) and what to ask the user (`user_config`). Checked with zod at the edge; a bad
 * manifest is refused with the bundle, the field and what is wrong. Unknown keys are allowed:
 * newer manifest versions add fields we do not need.
 */
import { z } from 'zod';
import type { SettingField } from '../../../../shared/install.ts';

const UserConfigValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const UserConfigOptionSchema = z.looseObject({
  type: z.enum(['string', 'number', 'boolean', 'directory', 'file']),
  title: z.string().min(1),
  description: z.string().optional(),
  required: z.boolean().optional(),
  default: UserConfigValue.optional(),
  sensitive: z.boolean().optional(),
  multiple: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type UserConfigOption = z.infer<typeof UserConfigOptionSchema>;

const McpConfigSchema = z.looseObject({
  command: z.string().min(1, 'must not be empty'),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
});

export const BundleManifestSchema = z
  .looseObject({
    manifest_version: z.string().optional(),
    /** What manifests were versioned by before MCPB was named (DXT). */
    dxt_version: z.string().optional(),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@/-]*$/, 'use letters, digits, ".", "-", "_"'),
    display_name: z.string().optional(),
    version: z.string().min(1),
    description: z.string(),
    author: z.looseObject({ name: z.string().min(1) }),
    server: z.looseObject({
      type: z.enum(['node', 'python', 'binary', 'uv']),
      entry_point: z.string().min(1),
      mcp_config: McpConfigSchema,
    }),
    user_config: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'is not a usable key'),
        UserConfigOptionSchema,
      )
      .default({}),
  })
  .refine((manifest) => manifest.manifest_version ?? manifest.dxt_version, {
    message: 'is required',
    path: ['manifest_version'],
  });
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

export class BundleError extends Error {
  constructor(bundle: string, detail: string) {
    super(`${bundle}: ${detail}`);
    this.name = 'BundleError';
  }
}

/** The manifest, or a BundleError naming the first wrong field (`server.mcp_config.command: …`). */
export function parseManifest(text: string, bundle: string): BundleManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BundleError(bundle, `manifest.json is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = BundleManifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'the manifest';
  throw new BundleError(bundle, `manifest.json: ${field}: ${issue.message}`);
}

const FORMATS: Record<UserConfigOption['type'], NonNullable<SettingField['format']>> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  directory: 'directory',
  file: 'filepath',
};

/** Every `user_config` key as a setting to ask for; `sensitive` ones are secrets. */
export function bundleSettings(manifest: BundleManifest): SettingField[] {
  const { args } = manifest.server.mcp_config;
  const inArgs = (key: string) => args.some((arg) => arg.includes(`\${user_config.${key}}`));
  return Object.entries(manifest.user_config).map(([name, option]) => ({
    name,
    title: option.title,
    ...(option.description ? { description: option.description } : {}),
    isRequired: option.required === true,
    isSecret: option.sensitive === true,
    ...(option.default !== undefined
      ? {
          default: Array.isArray(option.default)
            ? option.default.join('\n')
            : String(option.default),
        }
      : {}),
    ...(option.type === 'boolean' ? { choices: ['true', 'false'] } : {}),
    format: FORMATS[option.type],
    target: inArgs(name) ? 'argument' : 'env',
  }));
}

/** A number or boolean in its range and shape, named when it is not. */
export function checkBundleValues(manifest: BundleManifest, values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    const option = manifest.user_config[key];
    if (!option || value === '') continue;
    if (option.type === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number)) throw new Error(`${key} must be a number (got "${value}")`);
      if (option.min !== undefined && number < option.min)
        throw new Error(`${key} must be at least ${option.min}`);
      if (option.max !== undefined && number > option.max)
        throw new Error(`${key} must be at most ${option.max}`);
    }
    if (option.type === 'boolean' && value !== 'true' && value !== 'false')
      throw new Error(`${key} must be true or false (got "${value}")`);
  }
}
