import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from './fixtures';

/** axe-core on what `page` shows: no serious or critical violation of WCAG 2 A/AA (mail frames excluded: their content is the sender's). */
export async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('iframe').analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `${screen}: axe-core's serious and critical violations`).toEqual([]);
}
