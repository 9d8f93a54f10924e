// The `test` every spec uses: Playwright's, with each test's browser contexts closed when it ends.
// Agents are signed in on contexts of their own (`replying.ts`'s `agent`), which Playwright does not
// close by itself: left open, every earlier test's tabs would keep polling the server and loading the
// two cores for the rest of the run.
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';
export type { Browser, Locator, Page } from '@playwright/test';

export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [
    async ({ browser }, use) => {
      await use();
      await Promise.all(browser.contexts().map((c) => c.close()));
    },
    { auto: true },
  ],
});
