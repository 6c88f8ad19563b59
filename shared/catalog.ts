/**
 * Catalog entries in the official MCP Registry `server.json` format (schema 2025-09-29): a
 * server's packages (npm, pypi, oci, mcpb, nuget) with their transport, runtime and package
 * arguments and environment variables, and its remotes with URL variables and headers. Checked
 * entry by entry at the edge (the bundled catalog, the live registry, a bundle's manifest), so a
 * bad entry is named and the rest still load. Switchboard's own additions (tags) live under
 * `_meta["dev.switchboard/catalog"]`, where the format puts publisher extensions.
 */
import { z } from 'zod';

export const SERVER_SCHEMA_URL =
  'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json';
export const CATALOG_META_KEY = 'dev.switchboard/catalog';

/** An input a user fills in: an argument's value, an environment variable, a header, a URL variable. */
const InputFields = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
  value: z.string().optional(),
  default: z.string().optional(),
  choices: z.array(z.string()).optional(),
};
export const InputSchema = z.looseObject(InputFields);

export const KeyValueInputSchema = z.looseObject({
  ...InputFields,
  name: z.string().min(1),
  variables: z.record(z.string(), InputSchema).optional(),
});
export type KeyValueInput = z.infer<typeof KeyValueInputSchema>;

const ArgumentFields = {
  ...InputFields,
  valueHint: z.string().optional(),
  isRepeated: z.boolean().optional(),
  variables: z.record(z.string(), InputSchema).optional(),
};
export const ArgumentSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('positional'), ...ArgumentFields }),
  z.looseObject({ type: z.literal('named'), name: z.string().min(1), ...ArgumentFields }),
]);
export type Argument = z.infer<typeof ArgumentSchema>;

export const TransportSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('stdio') }),
  z.looseObject({
    type: z.enum(['streamable-http', 'sse']),
    url: z.string().min(1),
    headers: z.array(KeyValueInputSchema).optional(),
  }),
]);

export const PACKAGE_TYPES = ['npm', 'pypi', 'oci', 'mcpb', 'nuget'] as const;
export const PackageSchema = z.looseObject({
  registryType: z.enum(PACKAGE_TYPES),
  registryBaseUrl: z.string().optional(),
  identifier: z.string().min(1),
  version: z.string().min(1).optional(),
  fileSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
  runtimeHint: z.string().optional(),
  transport: TransportSchema,
  runtimeArguments: z.array(ArgumentSchema).optional(),
  packageArguments: z.array(ArgumentSchema).optional(),
  environmentVariables: z.array(KeyValueInputSchema).optional(),
});
export type Package = z.infer<typeof PackageSchema>;

export const RemoteSchema = z.looseObject({
  type: z.enum(['streamable-http', 'sse']),
  url: z.string().min(1),
  headers: z.array(KeyValueInputSchema).optional(),
  variables: z.record(z.string(), InputSchema).optional(),
});
export type Remote = z.infer<typeof RemoteSchema>;

export const ServerJsonSchema = z
  .looseObject({
    $schema: z.string().optional(),
    /** Reverse-DNS namespace, then a slash and the server's name: `io.github.owner/server`. */
    name: z
      .string()
      .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, 'use "<reverse-dns namespace>/<name>"')
      .max(200),
    title: z.string().max(100).optional(),
    description: z.string().min(1).max(100),
    version: z.string().min(1).max(255),
    websiteUrl: z.string().optional(),
    repository: z
      .looseObject({
        url: z.string(),
        source: z.string(),
        subfolder: z.string().optional(),
        id: z.string().optional(),
      })
      .optional(),
    packages: z.array(PackageSchema).optional(),
    remotes: z.array(RemoteSchema).optional(),
    _meta: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((server) => (server.packages?.length ?? 0) + (server.remotes?.length ?? 0) > 0, {
    message: 'a server needs at least one package or remote',
    path: ['packages'],
  });
export type ServerJson = z.infer<typeof ServerJsonSchema>;

/** Our extension: words to find a server by, beyond its name and description. */
export function tagsOf(server: ServerJson): string[] {
  const meta = server._meta?.[CATALOG_META_KEY] as { tags?: unknown } | undefined;
  return Array.isArray(meta?.tags) ? meta.tags.filter((tag) => typeof tag === 'string') : [];
}

/** Environment variables, headers and URL variables an entry needs filled in, secret or not. */
export function settingsOf(server: ServerJson): KeyValueInput[] {
  return [
    ...(server.packages ?? []).flatMap((pkg) => pkg.environmentVariables ?? []),
    ...(server.remotes ?? []).flatMap((remote) => remote.headers ?? []),
  ];
}

export function needsSecret(server: ServerJson): boolean {
  return settingsOf(server).some((input) => input.isSecret === true);
}

/** "packages.0.transport.type: Invalid option" for the first issue of a bad entry. */
export function describeEntryProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'not a server entry'}`;
}
