import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, noBrowser, openSeededApp, PHONE, SCREENSHOTS, type SeededApp } from "./support/browser-app";

/**
 * Search that lands where it found (issue 17.4) and pages anyone can use (17.8), at 390 and 1280 px: a facet that
 * counts the query's hits, a hit that opens its part of the report scrolled to and marked; axe-core on every page
 * with no serious or critical violation, targets of 24 px included; the skip link. Screenshots in
 * tests/output/screenshots/.
 */

let app: SeededApp | undefined;
let context: BrowserContext;
let base = "";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const VIEWPORTS = [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const;
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core's violations of the page as shown (WCAG 2.2 A/AA and best practice, target size included). */
async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the page's CSP (nonce scripts only) does not apply to it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { rules: { "target-size": { enabled: true } }, resultTypes: ["violations"] });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact: impact ?? null,
      help,
      nodes: nodes.map((n) => ({ target: n.target as string[] })),
    }));
  });
}

describe.skipIf(noBrowser)("search, words and accessibility in Chromium", () => {
  beforeAll(async () => {
    app = await openSeededApp("words");
    ({ base, context } = app);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  for (const [label, viewport] of VIEWPORTS) {
    it(`searches, narrows by a facet that counts the hits, and lands on the marked section (${label})`, async () => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(`${base}/search?q=${encodeURIComponent("公共资源交易")}`);
      const total = async () => Number((await page.getByTestId("search-total").innerText()).match(/找到 (\d+) 处/)![1]);
      const all = await total();
      expect(all).toBeGreaterThan(1);
      // On a phone the filters are folded: open them.
      if (label === "phone") await page.locator("details.filters > summary").click();
      const provinces = page.locator(".facet").filter({ has: page.getByRole("heading", { name: "省份" }) });
      const choices = provinces.locator("li a").filter({ has: page.locator(".count") });
      const counts = await choices.locator(".count").allInnerTexts();
      expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(all);
      const province = choices.first();
      const count = Number(await province.locator(".count").innerText());
      const name = (await province.innerText()).replace(/\d+\s*$/u, "").trim();
      await province.click();
      await poll(() => page.url()).toContain(`province=${encodeURIComponent(name)}`);
      await poll(total).toBe(count);

      // Newest year first.
      const hits = page.locator("ol.hits > li");
      const years = (await hits.locator("a").allInnerTexts()).map((text) => Number(text.match(/(\d{4}) 年度/)![1]));
      expect(years).toEqual([...years].sort((a, b) => b - a));

      const first = hits.first().locator("a");
      const href = (await first.getAttribute("href"))!;
      expect(href).toMatch(/^\/reports\/\d+\?q=.+#section-(overview|problems|other)$/);
      await first.click();
      await poll(() => page.url()).toContain("#section-");
      const target = page.locator("section:target");
      await poll(() => target.count()).toBe(1);
      expect(await target.getAttribute("id")).toBe(href.split("#")[1]);
      await poll(() => target.locator("mark").first().isVisible()).toBe(true);
      expect(await target.locator("mark").first().innerText()).toBe("公共资源交易");
      // Scrolled to: the section's heading is on screen.
      const box = (await target.locator("h2").boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      expect(await target.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe("solid");
      await page.screenshot({ path: join(SCREENSHOTS, `search-landing-${label}.png`) });
      await page.close();
    });
  }

  it("names what each page shows in its title and link preview, and cites the page", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/reports/1`);
    const h1 = await page.locator("h1").innerText();
    const title = await page.title();
    const agency = (await page.locator(".breadcrumbs a").nth(1).innerText()).trim();
    expect(h1).toContain(agency);
    expect(title).toMatch(new RegExp(`^${agency} \\d{4} 年度报告 · 年报 Nianbao$`));
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toContain(agency);
    expect(await page.locator('meta[property="og:description"]').getAttribute("content")).toContain(agency);
    await poll(() => page.getByTestId("citation").innerText()).toMatch(new RegExp(`年报 Nianbao.*${base}/reports/1，\\d{4}-\\d{2}-\\d{2} 访问`));
    await page.goto(`${base}/search?q=${encodeURIComponent("政采贷")}`);
    expect(await page.title()).toBe("检索“政采贷” · 年报 Nianbao");
    await page.goto(`${base}/methodology`);
    expect(await page.title()).toBe("方法说明 · 年报 Nianbao");
    // Every measure of the report page links to its entry, and the entry is there.
    await page.goto(`${base}/reports/1`);
    const links = await page.locator("a.measure-link").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")!));
    expect(links.length).toBeGreaterThanOrEqual(9);
    await page.goto(`${base}${links[1]}`);
    expect(await page.locator(":target").count()).toBe(1);
    expect(await page.locator(":target").innerText()).toContain("分母");
    await page.close();
  });

  it("explains a cross-year flag in Chinese and opens the other year's report from it", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/coverage?issue=identity.crossYear`);
    await page.locator("#table-coverage td.has-issue a").first().click();
    await poll(() => page.url()).toMatch(/\/reports\/\d+$/);
    const year = Number((await page.locator("h1").innerText()).match(/(\d{4})年/)![1]);
    const row = page.locator("#issues-heading ~ * tr").filter({ hasText: "本年的上年结转，与上一年报告的结转下年度不一致" }).first();
    const text = await row.innerText();
    expect(text).toMatch(/表三 · (二、上年结转政府信息公开申请数量|四、结转下年度继续办理) · /u);
    expect(text).toMatch(/年度报告的(结转下年度|上年结转)是 \d+/u);
    expect(text).not.toMatch(/[A-Za-z]{3,}/);
    const other = row.getByRole("link", { name: /\d{4} 年度报告/ });
    const otherYear = Number((await other.innerText()).match(/(\d{4})/)![1]);
    expect(Math.abs(otherYear - year)).toBe(1);
    await other.click();
    await poll(async () => (await page.locator("h1").innerText()).includes(`${otherYear}年`)).toBe(true);
    await page.close();
  });

  it("offers a skip link as the first Tab stop", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/agencies`);
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    expect(await focused.innerText()).toBe("跳到正文");
    expect(await focused.isVisible()).toBe(true);
    await page.keyboard.press("Enter");
    await poll(() => page.url()).toContain("#content");
    await page.close();
  });

  const ROUTES = ["/", "/agencies", "/agencies/1", "/reports/1", `/search?q=${encodeURIComponent("公共资源交易")}`, "/coverage", "/compare", "/methodology"];
  for (const [label, viewport] of VIEWPORTS) {
    it(`has no serious or critical axe-core violation on any page (${label})`, async () => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      const found: string[] = [];
      for (const route of ROUTES) {
        const response = await page.goto(`${base}${route}`);
        expect(response?.status(), route).toBe(200);
        // The charts draw after load: wait for the page to settle.
        await page.waitForLoadState("networkidle");
        for (const v of await axeViolations(page))
          if (v.impact === "serious" || v.impact === "critical")
            found.push(
              `${route} ${v.id} (${v.impact}): ${v.help} — ${v.nodes
                .slice(0, 5)
                .map((n) => n.target.join(" "))
                .join(" | ")}`,
            );
      }
      expect(found).toEqual([]);
      // The audit sees what it should: a nameless button and a 12 px link added to the page are found.
      await page.evaluate(() => {
        document.body.insertAdjacentHTML(
          "beforeend",
          '<button type="button" id="axe-probe"></button><a href="/" id="axe-probe-link" style="display:inline-block;width:12px;height:12px;font-size:8px">x</a><a href="/" style="display:inline-block;width:12px;height:12px;font-size:8px">y</a>',
        );
      });
      const probed = (await axeViolations(page)).map((v) => v.id);
      expect(probed).toContain("button-name");
      expect(probed).toContain("target-size");
      await page.close();
    }, 180_000);
  }
});
