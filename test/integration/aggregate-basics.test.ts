import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, servers, type Harness } from '../helpers/gateway-harness.ts';

describe('aggregated endpoint over real servers', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startGateway([servers.everything(), servers.memory()]);
  });
  afterAll(() => harness.close());

  it('lists tools of every server under stable prefixes and reports server status', async () => {
    const client = await harness.connect();
    const { tools, _meta } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toContain('everything__echo');
    expect(names).toContain('memory__create_entities');
    expect(_meta?.['dev.switchboard/servers']).toEqual([
      { name: 'everything', state: 'running' },
      { name: 'memory', state: 'running' },
    ]);
  });

  it('routes a call to the right server and returns its result unchanged', async () => {
    const client = await harness.connect();
    const result = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'through the gateway' },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: through the gateway' }]);
  });

  it('answers an unknown tool with a JSON-RPC error naming it', async () => {
    const client = await harness.connect();
    await expect(
      client.callTool({ name: 'everything__no-such-tool', arguments: {} }),
    ).rejects.toThrow(/no-such-tool/);
  });
});
