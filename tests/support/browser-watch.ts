import type { Page } from "playwright-core";

/**
 * What a page's Content-Security-Policy refused and what threw: Chromium reports each refusal on the console, and
 * the securitypolicyviolation events are kept in the page (the init script runs outside the page's policy).
 */
export async function watch(page: Page): Promise<{ problems: string[]; violations: () => Promise<string[]> }> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return { problems, violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}
