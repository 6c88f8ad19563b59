/** settings:get/set: gateway-wide settings, saved to settings.json and applied while running. */
import type { z } from 'zod';
import type { GatewaySettingsViewSchema } from '../../../../shared/contract.ts';
import { CallLogOptionsSchema } from '../../audit/call-log.ts';
import { PolicySettingsSchema } from '../../config/settings.ts';
import type { Gateway } from '../../gateway.ts';
import { describeZodError, invalidParams } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';

const RetentionSchema = CallLogOptionsSchema.pick({ retentionDays: true, maxRows: true });

function view(gateway: Gateway): z.output<typeof GatewaySettingsViewSchema> {
  const { policy, callLog } = gateway.settings;
  return {
    url: gateway.url,
    port: Number(new URL(gateway.url || 'http://127.0.0.1:0').port || 0),
    dataDir: gateway.options.dataDir,
    secretStore: gateway.trust.secrets.kind,
    defaultPolicy: policy.defaultPolicy,
    consentTimeoutSeconds: policy.consentTimeoutSeconds,
    logRetentionDays: Math.round(callLog.retentionDays),
    logMaxRows: callLog.maxRows,
  };
}

/** Checks a patch against the settings file's own rules (ranges), naming the field at fault. */
function check<T>(schema: z.ZodType<T>, value: unknown, names: Record<string, string>): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const field = names[String(parsed.error.issues[0]?.path[0])];
  throw invalidParams(describeZodError(parsed.error).replace(/^[^:]*:/, `${field ?? 'settings'}:`));
}

export function settingsHandlers(
  gateway: Gateway,
): HandlerGroup<'settings:get' | 'settings:set' | 'dashboard:login-url'> {
  return {
    'settings:get': async () => view(gateway),
    'dashboard:login-url': async () => ({ url: gateway.createLoginUrl() }),
    'settings:set': async (patch) => {
      const { settings } = gateway;
      const policy = check(
        PolicySettingsSchema,
        {
          ...settings.policy,
          ...(patch.defaultPolicy !== undefined ? { defaultPolicy: patch.defaultPolicy } : {}),
          ...(patch.consentTimeoutSeconds !== undefined
            ? { consentTimeoutSeconds: patch.consentTimeoutSeconds }
            : {}),
        },
        { consentTimeoutSeconds: 'consentTimeoutSeconds', defaultPolicy: 'defaultPolicy' },
      );
      const retention = check(
        RetentionSchema,
        {
          retentionDays: patch.logRetentionDays ?? settings.callLog.retentionDays,
          maxRows: patch.logMaxRows ?? settings.callLog.maxRows,
        },
        { retentionDays: 'logRetentionDays', maxRows: 'logMaxRows' },
      );
      gateway.settingsStore.setPolicy(policy);
      gateway.settingsStore.setCallLogRetention(retention);
      gateway.settings = { ...settings, policy, callLog: { ...settings.callLog, ...retention } };
      // Live: the next consent request waits this long; retention applies at once.
      gateway.trust.consent.timeoutMs = policy.consentTimeoutSeconds * 1000;
      gateway.trust.callLog.setRetention(retention);
      if (patch.defaultPolicy !== undefined) gateway.settingsChanged();
      return view(gateway);
    },
  };
}
