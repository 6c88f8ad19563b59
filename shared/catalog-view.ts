/** What the catalog shows of an entry, and how it is searched: for the dashboard, CLI and engine. */
import { z } from 'zod';
import { PACKAGE_TYPES } from './catalog.ts';

export const ENTRY_KINDS = [...PACKAGE_TYPES, 'remote'] as const;
export const EntryKindSchema = z.enum(ENTRY_KINDS);
export type EntryKind = z.infer<typeof EntryKindSchema>;

export const CatalogFiltersSchema = z.object({
  /** A package type, or "remote" for servers reached by URL. */
  kind: EntryKindSchema.optional(),
  transport: z.enum(['stdio', 'streamable-http', 'sse']).optional(),
  needsSecret: z.boolean().optional(),
});
export type CatalogFilters = z.infer<typeof CatalogFiltersSchema>;

export const CatalogSummarySchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string(),
  version: z.string(),
  kinds: z.array(EntryKindSchema),
  transports: z.array(z.string()),
  needsSecret: z.boolean(),
  /** Environment variables and headers it asks for (values never). */
  settings: z.array(
    z.object({
      name: z.string(),
      isSecret: z.boolean(),
      isRequired: z.boolean(),
      description: z.string().optional(),
    }),
  ),
  tags: z.array(z.string()),
  repository: z.string().optional(),
});
export type CatalogSummary = z.infer<typeof CatalogSummarySchema>;

/** Where a listing came from: the live registry, its cached copy, or the catalog shipped with us. */
export const CatalogSourceSchema = z.object({
  kind: z.enum(['registry', 'cache', 'bundled']),
  /** When the registry listing was fetched (registry and cache). */
  fetchedAt: z.number().optional(),
  /** Why the live registry was not used, in words (offline, unreachable, …). */
  note: z.string().optional(),
});
export type CatalogSource = z.infer<typeof CatalogSourceSchema>;
