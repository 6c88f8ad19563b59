/** axe-core against WCAG 2.1 A and AA, for the journeys that check a screen they reach. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Violations as short lines a person can act on: rule, impact, and where. */
export async function violations(page: Page): Promise<string[]> {
  // Colours mid-transition (a prompt fading in) are not the ones people read.
  await page.evaluate(
    // A cancelled animation rejects `finished`: it is over either way.
    'Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => null)))',
  );
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} at ${node.target.join(' ')}: ${node.any[0]?.message ?? ''}`,
    ),
  );
}
