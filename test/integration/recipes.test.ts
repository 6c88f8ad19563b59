/**
 * Recipes with real servers: a profile's composite tool runs its steps in order, passing values
 * from the input and earlier results into later arguments; every step passes policy and consent
 * and is logged under the recipe's run; the first failing step stops it, named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentRequest } from '../../shared/consent.ts';
import { EventQueue } from '../helpers/event-queue.ts';
import { servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

const textOf = (result: unknown): string =>
  (result as { content: { text: string }[] }).content.map((part) => part.text).join('\n');

const REMEMBER = {
  description: 'Saves a fact about someone, reads it back and confirms it',
  inputSchema: {
    type: 'object',
    properties: { name: { type: 'string' }, fact: { type: 'string' } },
    required: ['name', 'fact'],
  },
  steps: [
    {
      id: 'save',
      tool: 'memory__create_entities',
      arguments: {
        entities: [
          { name: '${input.name}', entityType: 'person', observations: ['${input.fact}'] },
        ],
      },
    },
    { id: 'read', tool: 'memory__open_nodes', arguments: { names: ['${input.name}'] } },
    {
      id: 'confirm',
      tool: 'everything__echo',
      arguments: {
        message:
          'Saved ${steps.read.structuredContent.entities.0.name}: ${steps.read.structuredContent.entities.0.observations}',
      },
    },
  ],
};

const BROKEN = {
  description: 'Echoes, then asks for something the echo never said',
  steps: [
    { id: 'first', tool: 'everything__echo', arguments: { message: 'one' } },
    {
      id: 'second',
      tool: 'memory__open_nodes',
      arguments: { names: '${steps.first.structuredContent.names}' },
    },
    { id: 'third', tool: 'everything__echo', arguments: { message: 'never' } },
  ],
};

const UNKNOWN_TOOL = {
  description: 'Calls a tool no server has',
  steps: [
    { id: 'first', tool: 'everything__echo', arguments: { message: 'one' } },
    { id: 'gone', tool: 'everything__no_such_tool', arguments: {} },
  ],
};

const SERVER_FAILS = {
  description: 'Echoes, then hands the memory server names that are not a list',
  steps: [
    { id: 'first', tool: 'everything__echo', arguments: { message: 'one' } },
    {
      id: 'refused',
      tool: 'memory__open_nodes',
      arguments: { names: '${steps.first.content.0.text}' },
    },
    { id: 'third', tool: 'everything__echo', arguments: { message: 'never' } },
  ],
};

describe('recipes', () => {
  let harness: Harness;
  let dir: string;
  const consent = new EventQueue<ConsentRequest>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-recipes-'));
    harness = await startGateway(
      [servers.everything(), servers.memory('memory', join(dir, 'memory.jsonl'))],
      {
        settings: {
          profiles: {
            cook: {
              // Saving asks first, even inside a recipe.
              tools: { memory: { create_entities: 'ask' } },
              recipes: {
                remember: REMEMBER,
                broken: BROKEN,
                unknown: UNKNOWN_TOOL,
                refused: SERVER_FAILS,
              },
            },
            searcher: { exposure: 'search', recipes: { remember: REMEMBER } },
          },
        },
      },
    );
    harness.gateway.trust.consent.onRequested(consent.push);
    harness.gateway.trust.consent.attachUi();
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function logOf(client: string) {
    harness.gateway.trust.callLog.flush();
    return harness.gateway.trust.callLog.query({ client, limit: 1000 }).entries.reverse();
  }

  it('is listed with its input schema, in both exposures', async () => {
    const cook = await harness.connect({ token: harness.addClient('cook-list', 'cook') });
    const listed = (await cook.listTools()).tools.find((tool) => tool.name === 'recipe__remember');
    expect(listed?.inputSchema.required).toEqual(['name', 'fact']);
    expect(listed?.description).toContain('memory__create_entities, memory__open_nodes');
    const searcher = await harness.connect({ token: harness.addClient('s-list', 'searcher') });
    expect((await searcher.listTools()).tools.map((tool) => tool.name)).toEqual([
      'search_tools',
      'describe_tool',
      'call_tool',
      'recipe__remember',
    ]);
  });

  it('runs three steps with values passed along, one of them after consent, all logged as one run', async () => {
    const client = await harness.connect({ token: harness.addClient('cook-1', 'cook') });
    const running = client.callTool({
      name: 'recipe__remember',
      arguments: { name: 'Ada', fact: 'wrote the first program' },
    });
    const asked = await consent.take((request) => request.clientName === 'cook-1');
    expect(asked).toMatchObject({ server: 'memory', tool: 'create_entities' });
    harness.gateway.trust.consent.answer(asked.id, 'allow-once', 'test');
    const result = await running;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('Echo: Saved Ada: ["wrote the first program"]');

    const entries = logOf('cook-1');
    const run = entries[0]!.recipeRun;
    expect(run).toBeTruthy();
    expect(entries.every((entry) => entry.recipeRun === run)).toBe(true);
    expect(
      entries.map((entry) => `${entry.kind} ${entry.server}/${entry.name} ${entry.status}`),
    ).toEqual([
      'consent memory/create_entities ok',
      'tools/call memory/create_entities ok',
      'tools/call memory/open_nodes ok',
      'tools/call everything/echo ok',
      'tools/call recipe/remember ok',
    ]);
    expect(entries[2]!.arguments).toEqual({ names: ['Ada'] });
  });

  it('stops at a step whose consent is denied, naming it', async () => {
    const client = await harness.connect({ token: harness.addClient('cook-2', 'cook') });
    const running = client.callTool({
      name: 'recipe__remember',
      arguments: { name: 'Bo', fact: 'x' },
    });
    const asked = await consent.take((request) => request.clientName === 'cook-2');
    harness.gateway.trust.consent.answer(asked.id, 'deny', 'test');
    const result = await running;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Recipe "remember" stopped at step 1 "save" \(memory__create_entities\): .*not approved/,
    );
    expect(logOf('cook-2').map((entry) => entry.name)).not.toContain('open_nodes');
  });

  it('stops at a step that refers to a value no earlier result has, or calls a tool that does not exist', async () => {
    const client = await harness.connect({ token: harness.addClient('cook-3', 'cook') });
    const broken = await client.callTool({ name: 'recipe__broken', arguments: {} });
    expect(broken.isError).toBe(true);
    expect(textOf(broken)).toBe(
      'Recipe "broken" stopped at step 2 "second" (memory__open_nodes): ${steps.first.structuredContent.names} is not in the input or the results so far',
    );
    const unknown = await client.callTool({ name: 'recipe__unknown', arguments: {} });
    expect(textOf(unknown)).toMatch(
      /stopped at step 2 "gone" \(everything__no_such_tool\): .*Unknown tool/,
    );
    const names = logOf('cook-3').map((entry) => `${entry.server}/${entry.name} ${entry.status}`);
    expect(names).toEqual([
      'everything/echo ok',
      'recipe/broken error',
      'everything/echo ok',
      'recipe/unknown error',
    ]);
    const missing = await client.callTool({ name: 'recipe__remember', arguments: { name: 'x' } });
    expect(textOf(missing)).toBe('Recipe "remember" did not start: it needs "fact".');
  });

  it('stops at a step the server itself answers with an error, and runs nothing after it', async () => {
    const client = await harness.connect({ token: harness.addClient('cook-4', 'cook') });
    const result = await client.callTool({ name: 'recipe__refused', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Recipe "refused" stopped at step 2 "refused" \(memory__open_nodes\): .*names/,
    );
    const names = logOf('cook-4').map((entry) => `${entry.server}/${entry.name} ${entry.status}`);
    expect(names).toEqual([
      'everything/echo ok',
      'memory/open_nodes error',
      'recipe/refused error',
    ]);
  });

  it('refuses a recipe whose steps refer forward, when the settings are read', async () => {
    const { SettingsSchema } = await import('../../electron/gateway/config/settings.ts');
    const parsed = SettingsSchema.safeParse({
      profiles: {
        bad: {
          recipes: {
            loop: {
              description: 'refers to a later step',
              steps: [
                { id: 'a', tool: 'x__y', arguments: { v: '${steps.b.text}' } },
                { id: 'b', tool: 'x__y' },
              ],
            },
          },
        },
      },
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(
      'refers to step \\"b\\", which does not come before it',
    );
  });
});
