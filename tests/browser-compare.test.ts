import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, noBrowser, openSeededApp, PHONE, SCREENSHOTS, type SeededApp } from "./support/browser-app";

/**
 * The comparison builder (issue 17.2, 17.3, 17.5) at 390 and 1280 px: three agencies by type-ahead and by ticking a
 * row of the agencies list, two measures that survive every step, all years; its CSV against the page's tables; a
 * chart saved as PNG and SVG. Screenshots in tests/output/screenshots/.
 */

let app: SeededApp | undefined;
let context: BrowserContext;
let base = "";

const MEASURES = ["grantRate", "withheldRate"];
const TYPED = [
  ["历下", "济南市历下区财政局"],
  ["济南公共", "济南公共资源交易中心"],
] as const;
const TICKED = "淄博市公共资源交易中心";

const measuresOf = (page: Page) => new URL(page.url()).searchParams.getAll("measure");

/** Tab from the top of a freshly loaded page until the focus is in the type-ahead; how many presses it took. */
async function tabToCombobox(page: Page): Promise<number> {
  for (let presses = 1; presses <= 40; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.getAttribute("role") === "combobox")) return presses;
  }
  return Number.POSITIVE_INFINITY;
}

/** The page's table of a measure as text: header cells and each row's cells (a cell's first line: the value as shown). */
async function pageTable(page: Page, measure: string): Promise<{ years: string[]; rows: string[][] }> {
  const table = page.locator(`section[data-measure="${measure}"] table`).first();
  const years = (await table.locator("thead th").allInnerTexts()).slice(2).map((t) => t.replace(/[▲▼\s]/g, ""));
  const rows: string[][] = [];
  for (const row of await table.locator("tbody tr:not(.total)").all()) {
    rows.push((await row.locator("td").allInnerTexts()).map((text) => text.split("\n")[0]!.trim()));
  }
  return { years, rows };
}

/** A CSV cell as the page shows it: a rate in % to one decimal, 未发布 where the year has no report. */
function shown(value: string, denominator: string | undefined, isRate: boolean): string {
  if (value === "") return denominator === "" || denominator === undefined ? "未发布" : "—（分母为 0）";
  return isRate ? `${(Number(value) * 100).toFixed(1)}%` : value;
}

describe.skipIf(noBrowser)("the comparison builder in Chromium", () => {
  beforeAll(async () => {
    app = await openSeededApp("compare");
    ({ base, context } = app);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`builds three agencies × two measures × all years at ${viewport.width} px, by type-ahead and by ticking, and downloads its CSV`, async () => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${base}/compare`);
      // The type-ahead is a few Tab presses from the top of the page (the skip link, the site's links, then the form).
      expect(await tabToCombobox(page)).toBeLessThanOrEqual(9);

      // The measures first: the default grantRate ticked, withheldRate added.
      const builder = page.getByRole("form", { name: "比较的机关、指标和年度" });
      await expect(builder.getByRole("checkbox", { name: "公开率（予以公开＋部分公开）" }).isChecked()).resolves.toBe(true);
      await builder.getByRole("checkbox", { name: "不予公开率" }).check();

      // Two agencies by type-ahead, by keyboard: typing lists the matches, Enter adds the first.
      const combobox = page.getByRole("combobox", { name: "添加机关" });
      await combobox.focus();
      for (const [typed, name] of TYPED) {
        await page.keyboard.type(typed);
        await expect(page.getByRole("option", { name: new RegExp(name) }).waitFor()).resolves.toBeUndefined();
        await expect(combobox.getAttribute("aria-expanded")).resolves.toBe("true");
        await page.keyboard.press("Enter");
        await page.getByRole("list", { name: "已选机关" }).getByText(name).waitFor();
        await expect(combobox.inputValue()).resolves.toBe("");
      }
      // Adding agencies reloaded nothing: the measure ticked before is still ticked.
      await expect(builder.getByRole("checkbox", { name: "不予公开率" }).isChecked()).resolves.toBe(true);
      await builder.getByRole("button", { name: "更新比较" }).click();
      await page.waitForURL(/agency=.*agency=/);
      expect(measuresOf(page)).toEqual(MEASURES);
      if (size === "desktop") await page.screenshot({ path: join(SCREENSHOTS, "compare-builder-two.png"), fullPage: true });

      // The third by ticking its row on the agencies list, reached from the builder with the comparison in its URL.
      await page.getByRole("link", { name: "机关列表" }).click();
      await page.waitForURL(/\/agencies\?/);
      expect(measuresOf(page)).toEqual(MEASURES);
      for (const [, name] of TYPED) await expect(page.getByRole("checkbox", { name: `加入比较：${name}` }).isChecked()).resolves.toBe(true);
      await page.getByRole("checkbox", { name: `加入比较：${TICKED}` }).check();
      await page.getByRole("button", { name: "比较勾选的机关" }).click();
      await page.waitForURL(/\/compare\?/);

      // Nothing lost: three agencies, both measures, every year; a chart and a table per measure.
      expect(measuresOf(page)).toEqual(MEASURES);
      expect(new URL(page.url()).searchParams.getAll("agency")).toHaveLength(3);
      await expect(page.getByTestId("compare-scope").innerText()).resolves.toContain("已选 3 个机关，2021、2023、2024 年，2 个指标");
      await expect(page.locator("section.measure").count()).resolves.toBe(2);
      for (const measure of MEASURES) {
        const { years, rows } = await pageTable(page, measure);
        expect(years).toEqual(["2021", "2023", "2024"]);
        expect(rows.map((r) => r[0]).sort()).toEqual([TICKED, ...TYPED.map(([, name]) => name)].sort());
      }
      // Every chart drawn, full names in its legend, and 未发布 told apart from 0 in the table.
      await page.locator("section.measure figure .recharts-wrapper > svg.recharts-surface").nth(1).waitFor();
      await expect(page.locator("section.measure").first().locator(".recharts-legend-wrapper").innerText()).resolves.toContain("济南市历下区财政局");
      await expect(page.locator("#table-compare").innerText()).resolves.toContain("未发布");

      // The CSV of the whole comparison has the page tables' rows and columns.
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('a[data-shape="wide"]').click()]);
      expect(download.suggestedFilename()).toBe("nianbao-compare-grantRate-withheldRate-2021-2024.csv");
      const bytes = readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...lines] = bytes
        .subarray(3)
        .toString("utf8")
        .trim()
        .split("\r\n")
        .map((line) => line.split(","));
      for (const measure of MEASURES) {
        const { years, rows } = await pageTable(page, measure);
        expect(lines.map((line) => line[1])).toEqual(rows.map((r) => r[0]));
        for (const year of years) {
          const at = header!.indexOf(`${measure}.${year}`);
          expect(at, `${measure}.${year}`).toBeGreaterThan(0);
          expect(header!.slice(at + 1, at + 3)).toEqual([`${measure}.${year}.numerator`, `${measure}.${year}.denominator`]);
          const column = years.indexOf(year) + 2;
          expect(lines.map((line) => shown(line[at]!, line[at + 2], true))).toEqual(rows.map((r) => r[column]));
        }
      }
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `compare-builder-${size}.png`), fullPage: true });
      // The README's picture (docs/screenshots/compare-builder.png is a copy): the form, the first chart and table.
      if (size === "desktop")
        await page.screenshot({ path: join(SCREENSHOTS, "compare-builder-top.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });
      await page.close();
    });
  }

  it("hydrates a hand-typed address whose keys repeat out of order, and cites it with its keys in order", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(`${base}/compare?agency=1&measure=grantRate&agency=6`);
    await page.locator("section.measure figure .recharts-wrapper").first().waitFor();
    await expect(page.getByTestId("citation").innerText()).resolves.toContain("/compare?agency=1&agency=6&measure=grantRate");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("saves a chart as PNG and as SVG with its title and full legend", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/compare?agency=1&agency=6&agency=3&measure=grantRate`);
    const section = page.locator("section.measure").first();
    await section.locator("figure .recharts-wrapper > svg.recharts-surface").waitFor();
    const [png] = await Promise.all([page.waitForEvent("download"), section.locator('[data-chart-download="png"]').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect([...readFileSync((await png.path())!).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const [svg] = await Promise.all([page.waitForEvent("download"), section.locator('[data-chart-download="svg"]').click()]);
    const text = readFileSync((await svg.path())!, "utf8");
    expect(text.startsWith("<svg")).toBe(true);
    for (const name of ["济南公共资源交易中心", "济南市历下区财政局", "淄博市公共资源交易中心", "公开率（予以公开＋部分公开）"]) expect(text).toContain(name);
    await page.close();
  });
});
