import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CORPUS } from "../lib/synth/corpus";
import { benchDb } from "../scripts/bench-db";
import { buildApp, launchBrowser, noBrowser, SCREENSHOTS, startServer } from "./support/browser-app";

/**
 * Agencies ticked for a comparison on one page of the agencies list (or of the search's hits) stay ticked on the
 * next (issue 17's bug): the list of a synthetic corpus has two pages or more, a row is ticked on page 1 and another
 * on page 2, and the comparison built from page 2 has both. Screenshots in tests/output/screenshots/.
 */

const dir = mkdtempSync(join(tmpdir(), "nianbao-ticks-"));
const servers: ChildProcess[] = [];
let context: BrowserContext | undefined;
let base = "";

const agencyParams = (page: Page) => new URL(page.url()).searchParams.getAll("agency");

/** The first box of the list (of the agencies list's rows, or of the search's hits) ticking another agency than `not`. */
async function firstRow(page: Page, not: string[] = []): Promise<{ name: string; id: string }> {
  for (const box of await page.locator("#table-agencies tbody tr input.pick, ol.hits li input.pick").all()) {
    const id = (await box.getAttribute("value"))!;
    if (!not.includes(id)) return { name: (await box.getAttribute("aria-label"))!.replace("加入比较：", ""), id };
  }
  throw new Error("no other agency on this page");
}

/** Ticks the first row (of another agency than `not`) and waits until the URL, and so the pager's links, hold it. */
async function tickFirstRow(page: Page, not: string[] = []): Promise<{ name: string; id: string }> {
  const row = await firstRow(page, not);
  await page.locator(`input.pick[value="${row.id}"]`).first().check();
  await page.waitForFunction((id) => {
    const next = document.querySelector<HTMLAnchorElement>('nav.pager a[href*="page="]');
    return new URL(window.location.href).searchParams.getAll("agency").includes(id) && (!next || new URL(next.href).searchParams.getAll("agency").includes(id));
  }, row.id);
  return row;
}

describe.skipIf(noBrowser)("ticks on the agencies list in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const db = benchDb({ ...DEFAULT_CORPUS, reports: 400 }, join(dir, "db"), () => {});
    buildApp();
    base = await startServer(db.path, servers);
    context = await launchBrowser(join(dir, "profile"));
  }, 900_000);

  afterAll(async () => {
    await context?.close();
    for (const server of servers) server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a row ticked on page 1 when page 2 is ticked too, and compares both", async () => {
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    await page.goto(`${base}/agencies?measure=grantRate&measure=withheldRate`);
    await expect(page.locator("nav.pager").innerText()).resolves.toMatch(/第 1 \/ [2-9]\d* 页/);

    const first = await tickFirstRow(page);
    await page.getByRole("link", { name: "下一页 →" }).first().click();
    await page.waitForURL(/page=2/);
    expect(agencyParams(page)).toEqual([first.id]);
    await expect(page.locator(".compare-pick").innerText()).resolves.toContain("另有 1 个已选机关不在本页");

    const second = await tickFirstRow(page);
    expect(second.id).not.toBe(first.id);
    expect(agencyParams(page).sort()).toEqual([first.id, second.id].sort());
    await page.screenshot({ path: join(SCREENSHOTS, "agencies-ticked-page-2.png"), fullPage: false });

    // Back on page 1 the first row is still ticked; an untick leaves the URL too.
    await page.getByRole("link", { name: "← 上一页" }).first().click();
    await page.waitForURL((url) => url.searchParams.get("page") === "1" || !url.searchParams.has("page"));
    await expect(page.getByRole("checkbox", { name: `加入比较：${first.name}` }).isChecked()).resolves.toBe(true);
    await page.getByRole("link", { name: "下一页 →" }).first().click();
    await page.waitForURL(/page=2/);

    await page.getByRole("button", { name: "比较勾选的机关" }).click();
    await page.waitForURL(/\/compare\?/);
    expect(agencyParams(page).sort()).toEqual([first.id, second.id].sort());
    expect(new URL(page.url()).searchParams.getAll("measure")).toEqual(["grantRate", "withheldRate"]);
    // Each key's values together, as the server renders the URL back (the citation line): no hydration error.
    expect(new URL(page.url()).search).toMatch(/^\?agency=\d+&agency=\d+&measure=grantRate&measure=withheldRate$/);
    await expect(page.getByTestId("compare-scope").innerText()).resolves.toContain("已选 2 个机关");
    const names = await page.locator("section.measure").first().locator("table tbody tr:not(.total) td:first-child").allInnerTexts();
    expect(names.map((name) => name.trim()).sort()).toEqual([first.name, second.name].sort());
    await page.screenshot({ path: join(SCREENSHOTS, "agencies-ticked-compare.png"), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("keeps a search hit ticked on page 1 when page 2 is ticked too, and compares both", async () => {
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    await page.goto(`${base}/search?q=${encodeURIComponent("政府信息公开")}`);
    await expect(page.locator("nav.pager").innerText()).resolves.toMatch(/第 1 \/ [2-9]\d* 页/);
    const first = await tickFirstRow(page);
    await page.getByRole("link", { name: "下一页 →" }).first().click();
    await page.waitForURL(/page=2/);
    expect(agencyParams(page)).toEqual([first.id]);
    const second = await tickFirstRow(page, [first.id]);
    await page.getByRole("button", { name: "比较勾选的机关" }).click();
    await page.waitForURL(/\/compare\?/);
    expect(agencyParams(page).sort()).toEqual([first.id, second.id].sort());
    await expect(page.getByTestId("compare-scope").innerText()).resolves.toContain("已选 2 个机关");
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("drops an unticked row from the URL", async () => {
    const page = await context!.newPage();
    await page.goto(`${base}/agencies`);
    const row = await tickFirstRow(page);
    await page.getByRole("checkbox", { name: `加入比较：${row.name}` }).uncheck();
    await page.waitForFunction(() => !new URL(window.location.href).searchParams.has("agency"));
    await page.getByRole("link", { name: "下一页 →" }).first().click();
    await page.waitForURL(/page=2/);
    expect(agencyParams(page)).toEqual([]);
    await page.close();
  }, 120_000);
});
