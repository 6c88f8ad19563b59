/**
 * Recipes: a profile's composite tools. A recipe runs a fixed sequence of tool calls, each
 * step's arguments able to take values from the recipe's input and from earlier steps' results:
 *
 *   "${input.title}"                      the whole value (any JSON type) when it is the whole string
 *   "${steps.find.structuredContent.items.0.number}"   a path into an earlier step's result
 *   "${steps.read.text}"                  an earlier step's text content, joined by newlines
 *   "Issue ${input.number}: ${steps.read.text}"        inside a longer string: spliced in as text
 *
 * Paths are dot-separated; numbers index arrays. A step may refer only to the input and to the
 * steps before it, which is checked when the profile is saved.
 */
import { z } from 'zod';

export const RECIPE_PREFIX = 'recipe';

export const RecipeNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'use a letter, then letters, digits, "_" or "-"');

const StepIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'use a letter, then letters, digits or "_"');

export const RecipeStepSchema = z.strictObject({
  id: StepIdSchema,
  /** The tool as clients of the profile call it: `<server>__<tool>`. */
  tool: z.string().min(1).max(200),
  arguments: z.record(z.string(), z.json()).default({}),
});

const InputSchemaSchema = z.looseObject({
  type: z.literal('object'),
  properties: z.record(z.string(), z.json()).optional(),
  required: z.array(z.string()).optional(),
});

/** `${...}` in a string; the inside is a reference. */
export const REFERENCE = /\$\{([^}]*)\}/g;
const REFERENCE_PATH = /^(input|steps\.[A-Za-z][A-Za-z0-9_]*)(\.[^.\s]+)*$/;

/** Every reference in a JSON value's strings, in order. */
export function referencesIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(REFERENCE)].map((match) => match[1]!);
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(referencesIn);
  return [];
}

export const RecipeSchema = z
  .strictObject({
    description: z.string().min(1).max(2000),
    inputSchema: InputSchemaSchema.default({ type: 'object' }),
    steps: z.array(RecipeStepSchema).min(1).max(20),
    /** What the recipe returns: a reference to a step (`steps.<id>`); the last step by default. */
    result: z.string().optional(),
  })
  .superRefine((recipe, context) => {
    const seen = new Set<string>();
    recipe.steps.forEach((step, index) => {
      const path = ['steps', index];
      if (seen.has(step.id))
        context.addIssue({
          code: 'custom',
          path: [...path, 'id'],
          message: `"${step.id}" is used twice`,
        });
      for (const reference of referencesIn(step.arguments)) {
        const problem = referenceProblem(reference, seen);
        if (problem)
          context.addIssue({ code: 'custom', path: [...path, 'arguments'], message: problem });
      }
      seen.add(step.id);
    });
    if (recipe.result !== undefined) {
      const problem = /^steps\.[A-Za-z][A-Za-z0-9_]*$/.test(recipe.result)
        ? referenceProblem(recipe.result, seen)
        : `"${recipe.result}" must name a step as "steps.<id>"`;
      if (problem) context.addIssue({ code: 'custom', path: ['result'], message: problem });
    }
  });
export type Recipe = z.infer<typeof RecipeSchema>;
export type RecipeStep = z.infer<typeof RecipeStepSchema>;

/** Why a reference cannot work from a step that comes after `earlier`, or undefined. */
function referenceProblem(reference: string, earlier: ReadonlySet<string>): string | undefined {
  if (!REFERENCE_PATH.test(reference))
    return `"\${${reference}}" is not a reference: use \${input.<path>} or \${steps.<id>.<path>}`;
  const step = /^steps\.([^.]+)/.exec(reference)?.[1];
  if (step !== undefined && !earlier.has(step))
    return `"\${${reference}}" refers to step "${step}", which does not come before it`;
  return undefined;
}
