/**
 * The official MCP conformance suite (server mode) against the gateway's one-server passthrough:
 * - in front of our conformance fixture, every scenario of the suite must pass;
 * - in front of server-everything, the gateway must score exactly like server-everything serving
 *   Streamable HTTP itself, except that the gateway also protects against DNS rebinding.
 * Each scenario opens its own session, and each session starts its own upstream process
 * (per-session isolation), so a suite run through the gateway takes about 10 s. The suite sends
 * no token of its own: it goes through a proxy that adds the test client's Authorization header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listServerScenarios,
  outcome,
  runConformance,
  startEverythingHttp,
  startHeaderProxy,
  type ScenarioResult,
  type SuiteRun,
} from '../helpers/conformance-runner.ts';
import { servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

const SUITE_TIMEOUT_MS = 180_000;

function failing(run: SuiteRun): string[] {
  return run.results
    .filter((result) => result.failed > 0)
    .map((result) => `${result.scenario}: ${result.failures.join('; ')}`);
}

function byScenario(run: SuiteRun): Map<string, ScenarioResult> {
  return new Map(run.results.map((result) => [result.scenario, result]));
}

describe('official MCP conformance suite through the passthrough endpoint', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startGateway([servers.conformance(), servers.everything()]);
  });
  afterAll(() => harness?.close());

  it(
    'passes every scenario in front of the conformance fixture',
    async () => {
      // `all` is the active suite plus the pending scenarios (JSON Schema 2020-12, SSE
      // polling), which the fixture supports too.
      const [scenarios, run] = await Promise.all([
        listServerScenarios(),
        runConformance(new URL('/mcp/servers/conformance', harness.url).href, {
          suite: 'all',
          headers: harness.auth,
        }),
      ]);
      expect(run.results.map((result) => result.scenario).sort()).toEqual([...scenarios].sort());
      expect(failing(run), `failed scenarios:\n${failing(run).join('\n')}`).toEqual([]);
      expect(run.exitCode).toBe(0);
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'scores like server-everything served directly, and adds DNS rebinding protection',
    async () => {
      // The active suite: the pending server-sse-polling calls a tool server-everything lacks,
      // which only shows (as a failure) when the answer comes as SSE; the gateway answers JSON,
      // which makes the scenario inapplicable, so it would differ for a reason of no interest.
      const everything = await startEverythingHttp();
      let direct: SuiteRun;
      try {
        direct = await runConformance(everything.url, { suite: 'active' });
      } finally {
        await everything.stop();
      }
      const gatewayUrl = new URL('/mcp/servers/everything', harness.url).href;
      const viaGateway = await runConformance(gatewayUrl, {
        suite: 'active',
        headers: harness.auth,
      });

      const directResults = byScenario(direct);
      const gatewayResults = byScenario(viaGateway);
      expect([...gatewayResults.keys()]).toEqual([...directResults.keys()]);
      // server-everything is not a conformance server (most scenario tools are missing), so
      // many scenarios fail either way: they must fail in the same checks with the same errors.
      // Successful checks are not compared: the gateway may answer a request with plain JSON
      // where server-everything opens an SSE stream, and the suite counts those differently.
      const differences = [...directResults.keys()]
        .filter((scenario) => scenario !== 'dns-rebinding-protection')
        .map((scenario) => ({
          scenario,
          alone: JSON.stringify(outcome(directResults.get(scenario)!)),
          proxied: JSON.stringify(outcome(gatewayResults.get(scenario)!)),
        }))
        .filter(({ alone, proxied }) => alone !== proxied)
        .map(
          ({ scenario, alone, proxied }) =>
            `${scenario}:\n  direct:  ${alone}\n  gateway: ${proxied}`,
        );
      expect(differences, `scenarios that differ:\n${differences.join('\n')}`).toEqual([]);

      // The scenarios are not vacuous: server-everything passes some and fails others.
      expect(failing(direct).length).toBeGreaterThan(0);
      expect(direct.results.filter((result) => result.failed === 0).length).toBeGreaterThan(5);

      const dns = gatewayResults.get('dns-rebinding-protection');
      expect(dns?.failures, 'dns-rebinding-protection through the gateway').toEqual([]);
      expect(dns?.passed).toBeGreaterThanOrEqual(2);
    },
    SUITE_TIMEOUT_MS,
  );
});

describe('the proxy that adds the token for the suite', () => {
  it('adds Authorization, keeps Origin as sent, and streams SSE as it comes', async () => {
    const harness = await startGateway([]);
    const proxy = await startHeaderProxy(harness.url, harness.auth);
    try {
      const initialize = (headers: Record<string, string>) =>
        fetch(`${proxy.url}/mcp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...headers,
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: {
              protocolVersion: '2025-11-25',
              capabilities: {},
              clientInfo: { name: 'proxied', version: '1' },
            },
          }),
        }).then(async (response) => ({ status: response.status, text: await response.text() }));
      expect(await initialize({})).toMatchObject({ status: 200 });
      const evil = await initialize({ origin: 'http://evil.example.com' });
      expect(evil.status).toBe(403);
      expect(evil.text).toContain('Origin \\"http://evil.example.com\\" is not allowed');

      // The endpoint event arrives while the stream stays open: nothing waits for its end.
      const sse = await fetch(`${proxy.url}/sse`, { headers: { accept: 'text/event-stream' } });
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toBe('text/event-stream');
      const reader = sse.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!/event: endpoint\ndata: \/messages\?sessionId=/.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before its first event:\n${text}`);
        text += value;
      }
      await reader.cancel();
    } finally {
      await proxy.close();
      await harness.close();
    }
  });
});
