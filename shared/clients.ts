/** Client identities and profiles as every side of the app sees them (never a token or its hash). */
import { z } from 'zod';
import { RecipeNameSchema, RecipeSchema } from './recipes.ts';

export const ClientNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/,
    'use letters, digits, spaces, "_", "." or "-" (at most 64)',
  );

export const ClientInfoSchema = z.object({
  id: z.string(),
  name: ClientNameSchema,
  profile: z.string(),
  createdAt: z.number(),
  revokedAt: z.number().optional(),
});
export type ClientInfo = z.infer<typeof ClientInfoSchema>;

export const TOOL_POLICIES = ['allow', 'ask', 'deny'] as const;
export const ToolPolicySchema = z.enum(TOOL_POLICIES);
export type ToolPolicy = z.infer<typeof ToolPolicySchema>;

export const ProfileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use letters, digits, "_", "." or "-"');

export const TOOL_EXPOSURES = ['all', 'search'] as const;
export const ToolExposureSchema = z.enum(TOOL_EXPOSURES);
export type ToolExposure = z.infer<typeof ToolExposureSchema>;

/** A profile: which servers a client sees, and per-tool policies that override the defaults. */
export const ProfileSchema = z.strictObject({
  servers: z.union([z.literal('*'), z.array(z.string())]).default('*'),
  tools: z.record(z.string(), z.record(z.string(), ToolPolicySchema)).default({}),
  /** Denied tools vanish from tools/list (a call is refused either way). */
  hideDenied: z.boolean().default(true),
  /**
   * `all`: every tool is listed. `search`: a few meta-tools (search, describe, call) stand in
   * for them, so an agent with hundreds of tools reads a short list.
   */
  exposure: ToolExposureSchema.default('all'),
  /** In `search` exposure, tools listed directly all the same (`<server>__<tool>` names). */
  pinned: z.array(z.string().min(1).max(200)).max(200).default([]),
  /** Composite tools, listed as `recipe__<name>` (shared/recipes.ts). */
  recipes: z.record(RecipeNameSchema, RecipeSchema).default({}),
});
export type Profile = z.infer<typeof ProfileSchema>;

/** The identity behind a request, once its token was checked. */
export type Identity = { clientId: string; clientName: string; profile: string };
