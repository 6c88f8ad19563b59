/**
 * Every screen of the dashboard, with real data on it (servers, a client, logged calls, an open
 * consent prompt), checked by axe-core against WCAG 2.1 A and AA in light and dark mode: labels,
 * names, roles, contrast, landmarks. Keyboard reach is checked too: Tab walks the sidebar to every screen.
 */
import { violations } from './axe.ts';
import { expect, test } from './fixtures.ts';

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test('every screen passes axe (WCAG 2.1 AA) and is reachable by keyboard', async ({
      page,
      switchboard,
      dashboard,
    }) => {
      const gateway = await switchboard.start();
      const client = await gateway.connect();
      await client.callTool({ name: 'everything__echo', arguments: { message: 'for the log' } });
      await dashboard.open(gateway);

      const servers = page.getByRole('region', { name: 'Servers' });
      await servers.getByRole('button', { name: /^everything\b/ }).click();
      const detail = page.getByRole('region', { name: 'everything', exact: true });
      await expect(detail.getByRole('list', { name: 'Tools of everything' })).toBeVisible();
      expect(await violations(page), 'Servers, tools tab').toEqual([]);
      for (const tab of ['Settings', 'Output']) {
        await detail.getByRole('tab', { name: tab }).click();
        await expect(detail.getByRole('tab', { name: tab })).toHaveAttribute(
          'aria-selected',
          'true',
        );
        expect(await violations(page), `Servers, ${tab} tab`).toEqual([]);
      }

      for (const screen of ['Add servers', 'Clients', 'Call log', 'Settings'] as const) {
        await dashboard.go(screen);
        if (screen === 'Call log')
          await expect(page.getByRole('grid', { name: 'Calls, newest first' })).toContainText(
            'echo',
          );
        expect(await violations(page), screen).toEqual([]);
      }

      // The consent prompt, over whatever screen is open.
      await dashboard.go('Servers');
      await servers.getByRole('button', { name: /^everything\b/ }).click();
      await page.getByRole('radiogroup', { name: 'Policy for echo' }).getByText('Ask').click();
      await dashboard.listening('consent:requested');
      const asked = client.callTool({ name: 'everything__echo', arguments: { message: 'may I?' } });
      const prompt = page.getByRole('alertdialog');
      await expect(prompt).toBeVisible();
      expect(await violations(page), 'consent prompt').toEqual([]);
      await prompt.getByRole('button', { name: /^Deny/ }).click();
      await asked;

      // Keyboard: from the top of the page, Tab reaches every screen's button in the sidebar.
      await expect(prompt).toBeHidden();
      await page.reload(); // focus starts at the top of a fresh page, as for a keyboard user
      await expect(page.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
      const reached = new Set<string>();
      for (let step = 0; step < 15 && reached.size < 5; step += 1) {
        await page.keyboard.press('Tab');
        const focused = (await page.evaluate(
          'document.activeElement?.closest("nav[aria-label=Main]") ? document.activeElement.textContent : ""',
        )) as string;
        if (focused) reached.add(focused.trim());
      }
      expect([...reached]).toEqual(
        ['Servers', 'Add servers', 'Clients', 'Call log', 'Settings'].map((screen) =>
          expect.stringContaining(screen),
        ),
      );
    });
  });
}
