/**
 * Runs one recipe (shared/recipes.ts): its steps in order, each step's arguments resolved
 * against the input and the results so far, each step a real tool call made by `callStep`
 * (the router's, so policy, consent, limits and the log apply to every step). The first step
 * that fails stops the recipe with an error naming it.
 */
import type { CallToolResult, Result } from '@modelcontextprotocol/sdk/types.js';
import { REFERENCE, type Recipe } from '../../../shared/recipes.ts';

export type StepCall = (tool: string, args: Record<string, unknown>) => Promise<Result>;

type Context = { input: Record<string, unknown>; steps: Record<string, Result> };

class MissingValue extends Error {}

function failure(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** A step result's text content, joined by newlines. */
function textOf(result: Result): string {
  const content = (result as { content?: unknown }).content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is { type: 'text'; text: string } => part?.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

function lookUp(reference: string, context: Context): unknown {
  const [root, ...path] = reference.split('.');
  let value: unknown;
  if (root === 'input') value = context.input;
  else {
    const id = path.shift()!;
    value = context.steps[id];
    if (path[0] === 'text' && value && !Object.hasOwn(value, 'text')) {
      value = textOf(value as Result);
      path.shift();
    }
  }
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment))
      throw new MissingValue(`\${${reference}} is not in the input or the results so far`);
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A value with its references replaced: whole-string references keep their type. */
export function resolve(value: unknown, context: Context): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]*)\}$/.exec(value);
    if (whole) return lookUp(whole[1]!, context);
    return value.replace(REFERENCE, (_match, reference: string) => {
      const found = lookUp(reference, context);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, context));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolve(item, context)]),
    );
  return value;
}

/** What is wrong with a recipe's input, by its declared schema's type and required keys. */
function inputProblem(recipe: Recipe, input: unknown): string | undefined {
  if (input === undefined) input = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return 'its arguments must be an object';
  const missing = (recipe.inputSchema.required ?? []).filter((key) => !Object.hasOwn(input, key));
  return missing.length ? `it needs ${missing.map((key) => `"${key}"`).join(', ')}` : undefined;
}

export async function runRecipe(
  name: string,
  recipe: Recipe,
  input: unknown,
  callStep: StepCall,
): Promise<Result> {
  const problem = inputProblem(recipe, input);
  if (problem) return failure(`Recipe "${name}" did not start: ${problem}.`);
  const context: Context = { input: (input ?? {}) as Record<string, unknown>, steps: {} };
  let last: Result = { content: [] };
  for (const [index, step] of recipe.steps.entries()) {
    const where = `step ${index + 1} "${step.id}" (${step.tool})`;
    let result: Result;
    try {
      const args = resolve(step.arguments, context) as Record<string, unknown>;
      result = await callStep(step.tool, args);
    } catch (error) {
      return failure(`Recipe "${name}" stopped at ${where}: ${(error as Error).message}`);
    }
    if ((result as CallToolResult).isError === true)
      return failure(`Recipe "${name}" stopped at ${where}: ${textOf(result) || 'it failed'}`);
    context.steps[step.id] = result;
    last = result;
  }
  return recipe.result ? context.steps[recipe.result.slice('steps.'.length)]! : last;
}
