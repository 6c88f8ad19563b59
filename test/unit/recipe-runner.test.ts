import { describe, expect, it } from 'vitest';
import { resolve, runRecipe } from '../../electron/gateway/recipes/recipe-runner.ts';
import { RecipeSchema } from '../../shared/recipes.ts';

const context = {
  input: { n: 3, who: 'Ada', tags: ['a', 'b'] },
  steps: {
    find: {
      content: [
        { type: 'text', text: 'line one' },
        { type: 'text', text: 'line two' },
      ],
      structuredContent: { items: [{ id: 7 }] },
    },
  },
};

describe('recipe references', () => {
  it('keeps the type of a whole-string reference and splices text into longer strings', () => {
    expect(resolve('${input.n}', context)).toBe(3);
    expect(resolve('${input.tags}', context)).toEqual(['a', 'b']);
    expect(resolve('${steps.find.structuredContent.items.0.id}', context)).toBe(7);
    expect(resolve('#${input.n} by ${input.who}: ${input.tags}', context)).toBe(
      '#3 by Ada: ["a","b"]',
    );
    expect(resolve('${steps.find.text}', context)).toBe('line one\nline two');
    expect(resolve({ deep: [{ v: '${input.who}' }], plain: 1 }, context)).toEqual({
      deep: [{ v: 'Ada' }],
      plain: 1,
    });
  });

  it('names a reference that finds nothing', () => {
    expect(() => resolve('${steps.find.structuredContent.items.3.id}', context)).toThrow(
      '${steps.find.structuredContent.items.3.id} is not in the input or the results so far',
    );
    expect(() => resolve('${input.constructor}', context)).toThrow(/is not in the input/);
  });

  it('checks step ids and references when a recipe is read', () => {
    const issues = (recipe: unknown) =>
      RecipeSchema.safeParse(recipe).error?.issues.map((issue) => issue.message) ?? [];
    expect(
      issues({
        description: 'd',
        steps: [
          { id: 'a', tool: 't', arguments: { x: '${nope}' } },
          { id: 'a', tool: 't' },
        ],
        result: 'steps.zzz',
      }),
    ).toEqual([
      '"${nope}" is not a reference: use ${input.<path>} or ${steps.<id>.<path>}',
      '"a" is used twice',
      '"${steps.zzz}" refers to step "zzz", which does not come before it',
    ]);
  });

  it('returns the step named as the result, else the last one', async () => {
    const recipe = RecipeSchema.parse({
      description: 'd',
      steps: [
        { id: 'a', tool: 'one' },
        { id: 'b', tool: 'two', arguments: { from: '${steps.a.text}' } },
      ],
      result: 'steps.a',
    });
    const calls: unknown[] = [];
    const result = await runRecipe('r', recipe, {}, async (tool, args) => {
      calls.push([tool, args]);
      return { content: [{ type: 'text', text: `${tool} done` }] };
    });
    expect(calls).toEqual([
      ['one', {}],
      ['two', { from: 'one done' }],
    ]);
    expect(result).toEqual({ content: [{ type: 'text', text: 'one done' }] });
    expect(await runRecipe('r', recipe, 'text', async () => ({}))).toMatchObject({ isError: true });
  });
});
