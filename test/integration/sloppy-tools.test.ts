/**
 * One server's malformed tool list must not hide the others' tools: an SDK client rejects a
 * whole tools/list page for one bad tool. The gateway repairs what it safely can, leaves out the
 * rest, and says so in the server's stderr tail.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineService } from '../../electron/gateway/admin/engine-service.ts';
import { NODE, ROOT, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startGateway([
    servers.everything(),
    {
      kind: 'stdio',
      name: 'sloppy',
      command: NODE,
      args: [join(ROOT, 'test/fixtures/sloppy-tools-server.ts')],
      env: {},
    },
  ]);
});
afterAll(() => harness.close());

it('lists every good tool to an SDK client, repairs a schema without "type", leaves out the rest', async () => {
  const client = await harness.connect();
  const { tools } = await client.listTools(); // the SDK validates every tool of the page
  const names = tools.map((tool) => tool.name);
  expect(names).toContain('everything__echo');
  expect(names).toEqual(expect.arrayContaining(['sloppy__fine', 'sloppy__untyped']));
  expect(names).not.toContain('sloppy__schemaless');
  const untyped = tools.find((tool) => tool.name === 'sloppy__untyped')!;
  expect(untyped.inputSchema).toMatchObject({
    type: 'object',
    properties: { q: { type: 'string' } },
  });
  expect(await client.callTool({ name: 'sloppy__untyped', arguments: { q: 'x' } })).toMatchObject({
    content: [{ text: 'ran untyped' }],
  });

  const stderr = await createEngineService(harness.gateway).call('servers:stderr', {
    name: 'sloppy',
  });
  const lines = (stderr as { value: string[] }).value.filter((line) =>
    line.startsWith('switchboard:'),
  );
  expect(lines).toEqual([
    expect.stringMatching(/^switchboard: left out tool "schemaless" \(inputSchema: /),
  ]);
  await client.listTools(); // listed again: said once, not at every listing
  const again = await createEngineService(harness.gateway).call('servers:stderr', {
    name: 'sloppy',
  });
  expect(
    (again as { value: string[] }).value.filter((line) => line.startsWith('switchboard:')),
  ).toHaveLength(1);
});
