/**
 * The renderer's view of the one contract in shared/contract.ts: types are re-exported from
 * there (never retyped), plus small helpers for turning results into words.
 */
import type {
  ApiError,
  ApiResult,
  EngineApi,
  EventName,
  EventPayload,
  MethodName,
  MethodParams,
  MethodResult,
} from '../../../shared/contract.ts';

export type {
  ApiError,
  ApiResult,
  EngineApi,
  EventName,
  EventPayload,
  MethodName,
  MethodParams,
  MethodResult,
};

/** How a failed action is reported to the app (the error banner), e.g. "Start memory". */
export type ReportError = (action: string, error: ApiError) => void;

export const ignoreErrors: ReportError = () => {};

const CODE_WORDS: Record<ApiError['code'], string> = {
  'invalid-params': 'The request was not valid',
  'not-found': 'Not found',
  conflict: 'Conflict',
  unauthorized: 'Not signed in',
  internal: 'The gateway hit an error',
};

/** One sentence for a person: the engine's message, or what the code means when it is empty. */
export function describeError(error: ApiError): string {
  const message = error.message.trim();
  return message.length > 0 ? message : `${CODE_WORDS[error.code]}.`;
}

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ApiError['code'], message: string): ApiResult<T> {
  return { ok: false, error: { code, message } };
}

/**
 * Wraps a carrier so every failed result is seen once by `tap` (the app uses it to notice an
 * expired session); results are passed through unchanged.
 */
export function tapErrors(
  api: EngineApi,
  tap: (method: MethodName, error: ApiError) => void,
): EngineApi {
  return {
    async call(method, params) {
      const result = await api.call(method, params);
      if (!result.ok) tap(method, result.error);
      return result;
    },
    subscribe: (event, listener) => api.subscribe(event, listener),
    ...(api.onLive ? { onLive: api.onLive.bind(api) } : {}),
  };
}

/** A carrier's promise can still reject (a bug, a dropped bridge): turn that into a result too. */
export async function callSafely<M extends MethodName>(
  api: EngineApi,
  method: M,
  params: MethodParams<M>,
): Promise<ApiResult<MethodResult<M>>> {
  try {
    return await api.call(method, params);
  } catch (error) {
    return fail('internal', `The gateway could not be reached (${(error as Error).message}).`);
  }
}
