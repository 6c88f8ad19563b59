/** The admin API of the gateway running for a data dir, when one runs and answers. */
import type { MethodName, MethodParams, MethodResult } from '../../../shared/contract.ts';
import { createHttpEngineApi, type HttpEngineApi } from '../../../shared/http-engine-client.ts';
import { readAdminToken, readGatewayFile } from './runtime-files.ts';

export type RunningGateway = { api: HttpEngineApi; url: string };

export async function runningGateway(dataDir: string): Promise<RunningGateway | undefined> {
  const running = readGatewayFile(dataDir);
  const token = readAdminToken(dataDir);
  if (!running || !token) return undefined;
  const api = createHttpEngineApi({
    baseUrl: running.url,
    headers: { authorization: `Bearer ${token}` },
  });
  const alive = await api.call('servers:list', {}).then(
    (result) => result.ok,
    () => false,
  );
  if (alive) return { api, url: running.url };
  api.close();
  return undefined;
}

/** One admin call; an error answer becomes a thrown Error with the gateway's message. */
export async function callApi<M extends MethodName>(
  api: HttpEngineApi,
  method: M,
  params: MethodParams<M>,
): Promise<MethodResult<M>> {
  const result = await api.call(method, params);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
