/**
 * Per-tool consent as every side of the app sees it: the question shown to a person, their
 * answer, how a request ended, and the lasting "always" grants. Plain data only (no Node).
 */
import { z } from 'zod';

export const CONSENT_ANSWERS = ['allow-once', 'allow-session', 'allow-always', 'deny'] as const;
export const ConsentAnswerSchema = z.enum(CONSENT_ANSWERS);
export type ConsentAnswer = z.infer<typeof ConsentAnswerSchema>;

/** The tool's own hints, shown beside the question (they are claims of the server, not facts). */
export const ConsentToolAnnotationsSchema = z.looseObject({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
export type ConsentToolAnnotations = z.infer<typeof ConsentToolAnnotationsSchema>;

export const ConsentRequestSchema = z.object({
  id: z.string().min(1),
  clientId: z.string(),
  clientName: z.string(),
  profile: z.string(),
  sessionId: z.string(),
  server: z.string(),
  /** The tool's name as its server knows it (no gateway prefix). */
  tool: z.string(),
  /** The call's arguments, already redacted: this is shown on screen. */
  arguments: z.json(),
  annotations: ConsentToolAnnotationsSchema.optional(),
  /** ms since the epoch. */
  requestedAt: z.number(),
  /** When the request is denied for want of an answer, ms since the epoch. */
  expiresAt: z.number(),
});
export type ConsentRequest = z.infer<typeof ConsentRequestSchema>;

export const CONSENT_REASONS = [
  'answered',
  'session-grant',
  'always-grant',
  'timeout',
  'cancelled',
  'shutdown',
  'no-ui',
] as const;
export const ConsentReasonSchema = z.enum(CONSENT_REASONS);
export type ConsentReason = z.infer<typeof ConsentReasonSchema>;

export const ConsentOutcomeSchema = z.object({
  requestId: z.string(),
  allowed: z.boolean(),
  reason: ConsentReasonSchema,
  /** Present when a person answered this very request. */
  answer: ConsentAnswerSchema.optional(),
  /** Who decided: the answering UI, the grant's author, or "switchboard" for timeouts etc. */
  decidedBy: z.string(),
});
export type ConsentOutcome = z.infer<typeof ConsentOutcomeSchema>;

/** A lasting "allow always" for one tool of one server, for every client of one profile. */
export const ConsentGrantSchema = z.object({
  id: z.string().min(1),
  profile: z.string(),
  server: z.string(),
  tool: z.string(),
  grantedAt: z.number(),
  grantedBy: z.string(),
});
export type ConsentGrant = z.infer<typeof ConsentGrantSchema>;
