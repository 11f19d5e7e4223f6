import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, noBrowser, openSeededApp, PHONE, SCREENSHOTS, type SeededApp } from "./support/browser-app";

/**
 * The wide tables on a 390 px phone (issue 17.1): the label and the number of a row on screen together, the header
 * kept in view, each table's scrolling region named and reachable by Tab. Screenshots in tests/output/screenshots/.
 */

let app: SeededApp | undefined;
let context: BrowserContext;
let base = "";

const APPLICATIONS = "表三 收到和处理政府信息公开申请情况，可左右滚动";

/** Is the whole box on screen, and is it what the browser shows at its centre (not covered by a sticky neighbour)? */
async function onScreen(page: Page, cell: Locator): Promise<{ inside: boolean; onTop: boolean; box: { x: number; y: number; width: number; height: number } }> {
  const box = (await cell.boundingBox())!;
  const viewport = page.viewportSize()!;
  const inside = box.x >= -0.5 && box.y >= -0.5 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
  const onTop = await cell.evaluate((element, { x, y }) => element.contains(document.elementFromPoint(x, y)), {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
  return { inside, onTop, box };
}

const scrollToEnd = (region: Locator) =>
  region.evaluate((element) => {
    element.scrollLeft = element.scrollWidth;
  });

async function screenshots(page: Page, name: string): Promise<void> {
  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
}

describe.skipIf(noBrowser)("wide tables in Chromium", () => {
  beforeAll(async () => {
    app = await openSeededApp("tables");
    ({ base, context } = app);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  it("reads 表三 on a phone: a row's label beside its 总计 once scrolled, the header kept in view", async () => {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/reports/1`);
    const region = page.getByRole("region", { name: APPLICATIONS });
    await region.scrollIntoViewIfNeeded();
    // TableScroll has measured the table: wider than the phone, so a fade at the right and the hint below.
    await expect.poll(() => region.locator("xpath=..").getAttribute("data-more-end")).toBe("true");
    await expect.poll(() => page.locator(".scroll-hint").first().isVisible()).toBe(true);
    expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

    await scrollToEnd(region);
    await expect.poll(() => region.locator("xpath=..").getAttribute("data-more-start")).toBe("true");
    for (const row of ["newReceived", "granted", "withheldThirdParty", "handledTotal"]) {
      // The row in the middle of the frame (a tall table scrolls down inside it too), still scrolled to the right.
      await region.locator(`[data-key="applications.${row}.total"]`).evaluate((cell) => cell.scrollIntoView({ block: "center", inline: "nearest" }));
      const label = await onScreen(page, region.locator(`tr[data-row="${row}"] th.leaf`));
      const total = await onScreen(page, region.locator(`[data-key="applications.${row}.total"]`));
      expect({ row, label: label.inside && label.onTop, total: total.inside && total.onTop }).toEqual({ row, label: true, total: true });
      expect(label.box.x + label.box.width, row).toBeLessThanOrEqual(total.box.x + 1);
    }
    await page.screenshot({ path: join(SCREENSHOTS, "table3-scrolled-phone.png") });

    // Down the page: the frame's top at the top of the screen, then the wheel scrolls the table under its header.
    await region.evaluate((element) => {
      element.scrollTop = 0;
      window.scrollBy(0, element.getBoundingClientRect().top);
    });
    const frame = (await region.boundingBox())!;
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
    await page.mouse.wheel(0, 500);
    await expect.poll(() => region.evaluate((element) => element.scrollTop)).toBeGreaterThan(100);
    const header = region.locator("thead th", { hasText: /^总计/ });
    const shown = await onScreen(page, header);
    expect(shown.inside && shown.onTop).toBe(true);
    expect(Math.abs((await region.locator("thead").boundingBox())!.y - frame.y)).toBeLessThan(2);
    // Just under the header: a number of the row there, and that row's label, both shown (not under the header).
    const head = (await region.locator("thead").boundingBox())!;
    const row = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("tr[data-row]")?.getAttribute("data-row") ?? null, {
      x: frame.x + frame.width - 20,
      y: head.y + head.height + 12,
    });
    expect(row).toBeTruthy();
    expect(row).not.toBe("newReceived");
    const under = await onScreen(page, region.locator(`tr[data-row="${row}"] th.leaf`));
    expect(under.inside && under.onTop).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "table3-header-phone.png") });
  });

  it("reaches every table's scrolling region by Tab, each named in Chinese; the arrow keys scroll it", async () => {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/reports/1`);
    const names = await page.locator('[role="region"].table-scroll').evaluateAll((regions) => regions.map((r) => r.getAttribute("aria-label")));
    expect(names.slice(0, 3)).toEqual(["表二 主动公开政府信息情况，可左右滚动", APPLICATIONS, "表四 政府信息公开行政复议、行政诉讼情况，可左右滚动"]);
    const reached: string[] = [];
    for (let press = 0; press < 400 && reached.length < names.length; press++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        return element?.getAttribute("role") === "region" ? element.getAttribute("aria-label") : null;
      });
      if (focused && !reached.includes(focused)) reached.push(focused);
    }
    expect(reached).toEqual(names);
    const region = page.getByRole("region", { name: APPLICATIONS });
    await region.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    await expect.poll(() => region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  });

  it("keeps the label column beside the last column in the lists, the compare and coverage tables and the overview", async () => {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    for (const [path, table, name] of [
      ["/agencies", "#table-agencies", "agencies-tables"],
      ["/compare?agency=1&agency=8", "#table-compare", "compare-tables"],
      ["/coverage", "#table-coverage", "coverage-tables"],
      ["/", "#table-national", "overview-tables"],
    ] as const) {
      await page.setViewportSize(PHONE);
      await page.goto(`${base}${path}`);
      const region = page.locator(`.table-scroll:has(${table})`);
      expect(await region.getAttribute("tabindex"), path).toBe("0");
      expect(await region.getAttribute("aria-label"), path).toMatch(/，可左右滚动$/);
      await region.scrollIntoViewIfNeeded();
      const wide = await region.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
      if (wide) {
        await scrollToEnd(region);
        const row = page.locator(`${table} tbody tr`).first();
        const first = await onScreen(page, row.locator("> :first-child"));
        const last = await onScreen(page, row.locator("> :last-child"));
        expect({ path, first: first.inside && first.onTop, last: last.inside && last.onTop }).toEqual({ path, first: true, last: true });
      }
      await screenshots(page, name);
    }
    await page.goto(`${base}/reports/1`);
    await screenshots(page, "report-tables");
    for (const [label, viewport] of [
      ["phone", PHONE],
      ["desktop", DESKTOP],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const table of ["proactive", "applications", "review-litigation"])
        await page.locator(`section[aria-labelledby="${table}-heading"]`).screenshot({ path: join(SCREENSHOTS, `report-${table}-${label}.png`) });
    }
  });
});
