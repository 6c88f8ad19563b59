/**
 * Consent through the client itself, when no Switchboard UI is attached: one form-mode
 * `elicitation/create` with a single choice of the four answers. Anything but an accepted,
 * valid choice is a deny, so a client that dismisses the form never lets the call through.
 */
import type { ElicitRequestFormParams, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import {
  CONSENT_ANSWERS,
  type ConsentAnswer,
  ConsentAnswerSchema,
  type ConsentRequest,
} from '../../../shared/consent.ts';
import { assertNever } from './consent-broker.ts';

/** Sends the elicitation, e.g. `(params, options) => session.server.elicitInput(params, options)`. */
export type SendElicitation = (
  params: ElicitRequestFormParams,
  options?: { signal?: AbortSignal },
) => Promise<ElicitResult>;

export const ANSWER_FIELD = 'answer';
const PREVIEW_MAX_CHARS = 200;

export function argumentPreview(args: ConsentRequest['arguments']): string {
  const text = JSON.stringify(args) ?? 'null';
  return text.length > PREVIEW_MAX_CHARS ? `${text.slice(0, PREVIEW_MAX_CHARS - 1)}…` : text;
}

export function consentElicitationParams(request: ConsentRequest): ElicitRequestFormParams {
  return {
    mode: 'form',
    message:
      `Switchboard: allow client "${request.clientName}" to call tool "${request.tool}" ` +
      `of server "${request.server}"?\nArguments: ${argumentPreview(request.arguments)}`,
    requestedSchema: {
      type: 'object',
      properties: {
        [ANSWER_FIELD]: {
          type: 'string',
          title: 'Allow this tool call?',
          description:
            'allow-once: this call only; allow-session: this tool for the rest of this session; ' +
            'allow-always: this tool from now on, for this profile; deny: refuse this call.',
          enum: [...CONSENT_ANSWERS],
          default: 'deny',
        },
      },
      required: [ANSWER_FIELD],
    },
  };
}

export function answerFromElicitation(result: ElicitResult): ConsentAnswer {
  switch (result.action) {
    case 'accept': {
      const chosen = ConsentAnswerSchema.safeParse(result.content?.[ANSWER_FIELD]);
      return chosen.success ? chosen.data : 'deny';
    }
    case 'decline':
    case 'cancel':
      return 'deny';
    default:
      return assertNever(result.action);
  }
}

/** Asks the client; rejects when it cannot be asked (the broker then denies with "no-ui"). */
export async function elicitConsent(
  request: ConsentRequest,
  sendElicitation: SendElicitation,
  signal?: AbortSignal,
): Promise<ConsentAnswer> {
  const result = await sendElicitation(
    consentElicitationParams(request),
    signal ? { signal } : undefined,
  );
  return answerFromElicitation(result);
}
