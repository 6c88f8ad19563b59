/** A profile's recipes as the tools its clients see (`recipe__<name>`) and call. */
import type { Profile } from '../../../shared/clients.ts';
import { RECIPE_PREFIX, type Recipe } from '../../../shared/recipes.ts';
import { exposedName } from '../../../shared/tool-names.ts';
import type { ListItem } from '../upstream/list-cache.ts';

export function recipeTools(profile: Profile): ListItem[] {
  return Object.entries(profile.recipes).map(([name, recipe]) => ({
    name: exposedName(RECIPE_PREFIX, name),
    title: name,
    description: `${recipe.description} (a recipe of ${recipe.steps.length} steps: ${recipe.steps
      .map((step) => step.tool)
      .join(', ')})`,
    inputSchema: recipe.inputSchema,
  }));
}

/** The recipe a client calls by its exposed name, if its profile has one by that name. */
export function recipeCalled(
  profile: Profile,
  exposed: string,
): { name: string; recipe: Recipe } | undefined {
  const prefix = exposedName(RECIPE_PREFIX, '');
  if (!exposed.startsWith(prefix)) return undefined;
  const name = exposed.slice(prefix.length);
  const recipe = Object.hasOwn(profile.recipes, name) ? profile.recipes[name] : undefined;
  return recipe ? { name, recipe } : undefined;
}
