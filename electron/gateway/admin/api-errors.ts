/**
 * Errors a handler throws on purpose, and how any error becomes an ApiError: results cross the
 * boundary as values, so nothing a handler throws escapes `call`.
 */
import { z } from 'zod';
import type { ApiError } from '../../../shared/contract.ts';
import { ConfigError } from '../config/servers-config.ts';
import { SecretNameError } from '../secrets/secret-store.ts';

export class ApiFailure extends Error {
  readonly code: ApiError['code'];

  constructor(code: ApiError['code'], message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
  }
}

export const notFound = (message: string) => new ApiFailure('not-found', message);
export const conflict = (message: string) => new ApiFailure('conflict', message);
export const invalidParams = (message: string) => new ApiFailure('invalid-params', message);

/** "field.path: what is wrong", for the first problem zod found. */
export function describeZodError(error: z.ZodError, prefix: string[] = []): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = [...prefix, ...issue.path.map(String)].join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return { code: error.code, message: error.message };
  // Bad names and bad config entries are the caller's input, said in the caller's terms.
  if (error instanceof ConfigError || error instanceof SecretNameError)
    return { code: 'invalid-params', message: error.message };
  if (error instanceof z.ZodError)
    return { code: 'invalid-params', message: describeZodError(error) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'internal error' };
}
