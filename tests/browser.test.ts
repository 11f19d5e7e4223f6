import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_POLICY } from "../lib/web/security";
import { buildApp, DESKTOP, launchBrowser, noBrowser, PHONE, SCREENSHOTS, startServer as start } from "./support/browser-app";
import { watch } from "./support/browser-watch";
import { buildHostileDb, HOSTILE_AGENCY, HOSTILE_FILE, HOSTILE_MESSAGE } from "./support/hostile-db";
import { openFlags, processTree } from "./support/processes";
import { buildSeedDb } from "./support/seed-db";

/**
 * The dashboard in a real browser: `next build && next start` on a database built from the seeds, driven by
 * Chromium through playwright-core (tests/support/browser-app.ts). Screenshots at phone and desktop widths go to
 * tests/output/screenshots/.
 */

let dir: string;
let context: BrowserContext;
const servers: ChildProcess[] = [];
let base = "";

const startServer = (database: string) => start(database, servers);

/**
 * The charts fetch recharts after hydration (components/charts/index.tsx), the overview's light charts are drawn by
 * the server and sized in the browser (components/charts/light); wait until every figure has drawn.
 */
async function chartsDrawn(page: Page): Promise<void> {
  for (const figure of await page.locator("figure.chart").all())
    await figure.locator(".recharts-wrapper svg, svg.light-surface[width]:not([width='100%'])").first().waitFor();
}

async function screenshot(page: Page, name: string): Promise<void> {
  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    await chartsDrawn(page);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
}

/** The phone layout folds the filters into <details>; open them if the screen keeps them closed. */
async function openFilters(page: Page): Promise<void> {
  const details = page.locator("details.filters");
  if (!(await details.evaluate((el: HTMLDetailsElement) => el.open))) await details.locator("summary").click();
}

const tableText = (page: Page, selector: string) => page.locator(selector).innerText();

/** A navigation on a loaded 2-core machine can take seconds; vitest's default poll gives up after one. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** Every page of the dashboard, with the ids of the seed database. */
const EVERY_PAGE = [
  "/",
  "/?year=2023",
  "/agencies",
  "/agencies?province=%E5%B1%B1%E4%B8%9C%E7%9C%81&sort=grantRate&dir=desc",
  "/agencies?issue=label.variant",
  "/agencies/1",
  "/reports/1",
  "/compare?agency=1&agency=8&year=2023&year=2024",
  "/compare?province=%E5%B1%B1%E4%B8%9C%E7%9C%81&measure=applicationsTotal",
  "/coverage",
  "/coverage?issue=identity.crossYear",
  "/search?q=%E6%94%BF%E9%87%87%E8%B4%B7",
  "/no-such-page",
  "/reports/999999",
];

describe.skipIf(noBrowser)("the dashboard in Chromium", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-browser-"));
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildSeedDb(join(dir, "nianbao.db"));
    buildApp();
    base = await startServer(join(dir, "nianbao.db"));
    context = await launchBrowser(join(dir, "profile"));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    for (const server of servers) server.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("browses from the agencies list to a report and explains a flag", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${base}/agencies`);
    await page.getByRole("link", { name: "济南市历下区财政局" }).click();
    await poll(() => page.url()).toMatch(/\/agencies\/\d+$/);
    await poll(() => page.locator("h1").innerText()).toBe("济南市历下区财政局");
    await page.locator("#table-years").getByRole("link", { name: "2024" }).click();
    await poll(() => page.url()).toMatch(/\/reports\/\d+$/);
    expect(await page.locator('[data-key="applications.newReceived.business"]').innerText()).toBe("3");
    expect(await page.locator('[data-key="reviewLitigation.reconsideration.corrected"]').innerText()).toBe("3");
    // The flag opens over the page (a popover in the top layer): in Chinese, naming its cell; the table does not move.
    const flagged = page.locator('[data-key="applications.handledTotal.naturalPerson"] .flag');
    const table = page.locator('[data-key="applications.handledTotal.naturalPerson"]').locator("xpath=ancestor::table");
    const size = () => table.evaluate((element: HTMLElement) => [element.offsetWidth, element.offsetHeight]);
    const before = await size();
    await flagged.getByRole("button").click();
    const note = flagged.getByRole("note");
    await poll(() => note.isVisible()).toBe(true);
    expect(await note.innerText()).toContain("办理结果总计，不等于各项办理结果相加");
    expect(await note.innerText()).toContain("位置：表三 · （七）总计 · 自然人");
    expect(await size()).toEqual(before);
    await page.keyboard.press("Escape");
    await poll(() => note.isVisible()).toBe(false);
    expect(await page.locator('[data-key="litigationCorrectionRate"]').innerText()).toBe("50.0%");
    expect(await page.locator('[data-key="reconsiderationCorrectionRate"]').innerText()).toBe("100.0%");
    const source = await page.request.get(`${base}${await page.getByTestId("source-link").getAttribute("href")}`);
    expect(source.status()).toBe(200);
    expect(await source.text()).toContain("济南市历下区财政局");
    await screenshot(page, "report");
    expect(errors).toEqual([]);
  });

  it("filters agencies by region and year, and the shared URL shows the same view", async () => {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/agencies`);
    await openFilters(page);
    await page
      .locator(".facet")
      .filter({ hasText: "省份" })
      .getByRole("link", { name: /山东省/ })
      .click();
    await poll(() => page.getByTestId("agency-total").innerText()).toBe("4");
    await openFilters(page);
    await page
      .locator(".facet")
      .filter({ hasText: "城市" })
      .getByRole("link", { name: /济南市/ })
      .click();
    await poll(() => page.getByTestId("agency-total").innerText()).toBe("2");
    await openFilters(page);
    await page.locator(".facet").filter({ hasText: "年度" }).getByRole("link", { name: /2023/ }).click();
    await poll(() => page.getByTestId("agency-total").innerText()).toBe("1");
    const url = page.url();
    expect(decodeURIComponent(url)).toContain("province=山东省&city=济南市&year=2023");
    const table = await tableText(page, "#table-agencies");
    expect(table).toContain("济南公共资源交易中心");
    await screenshot(page, "agencies-filtered");

    const shared = await context.newPage();
    await shared.goto(url);
    expect(await tableText(shared, "#table-agencies")).toBe(table);

    await shared.goto(`${base}/agencies?province=${encodeURIComponent("火星省")}`);
    expect(await shared.getByRole("status").innerText()).toContain("数据中没有：火星省");
  });

  it("filters agencies by issue code from the overview and the facet, the twins carrying the filter", async () => {
    const page = await context.newPage();
    await page.goto(base);
    await page.locator("#table-issues").getByRole("link", { name: "identity.crossYear" }).click();
    await poll(() => page.getByTestId("agency-total").innerText()).toBe("1");
    expect(await tableText(page, "#table-agencies")).toContain("济南公共资源交易中心");
    expect(await page.locator('a[data-format="csv"]').getAttribute("href")).toBe("/api/agencies.csv?issue=identity.crossYear");
    await openFilters(page);
    const facet = page.locator(".facet").filter({ hasText: "解析标记" });
    expect(await facet.getByRole("link", { name: /label\.variant/ }).innerText()).toMatch(/label\.variant\s*3/);
    await facet.getByRole("link", { name: /label\.variant/ }).click();
    await poll(() => page.getByTestId("agency-total").innerText()).toBe("3");
    expect(new URL(page.url()).searchParams.get("issue")).toBe("label.variant");
    await screenshot(page, "agencies-issue");
    await page.goto(`${base}/agencies?issue=no.such-code`);
    expect(await page.getByRole("status").innerText()).toContain("数据中没有：标记 no.such-code");
  });

  it("narrows a full-text search by region and year, keeping the words", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/search?q=${encodeURIComponent("政府信息")}`);
    const all = Number((await page.getByTestId("search-total").innerText()).match(/\d+/)![0]);
    await openFilters(page);
    await page
      .locator(".facet")
      .filter({ hasText: "省份" })
      .getByRole("link", { name: /宁夏回族自治区/ })
      .click();
    await poll(() => new URL(page.url()).searchParams.get("province")).toBe("宁夏回族自治区");
    expect(new URL(page.url()).searchParams.get("q")).toBe("政府信息");
    const narrowed = Number((await page.getByTestId("search-total").innerText()).match(/\d+/)![0]);
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
    expect(await page.locator("ol.hits").innerText()).toContain("吴忠市");
    // A new search keeps the region.
    await page.getByRole("searchbox", { name: "检索词" }).fill("政采贷");
    await page.getByRole("button", { name: "检索" }).click();
    await poll(() => new URL(page.url()).searchParams.get("q")).toBe("政采贷");
    expect(new URL(page.url()).searchParams.get("province")).toBe("宁夏回族自治区");
    await page.goto(`${base}/search?q=${encodeURIComponent("政府信息")}&year=1999`);
    expect(await page.getByRole("status").innerText()).toContain("数据中没有：1999 年");
  });

  it("builds a comparison, downloads its CSV and reloads the shared view", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/compare`);
    // Without JavaScript's type-ahead the box is a search field: the page lists the matches as links that keep the form.
    for (const name of ["济南公共资源交易中心", "济南市历下区财政局"]) {
      await page.getByRole("combobox", { name: "添加机关" }).fill(name.slice(0, 4));
      await page.getByRole("combobox", { name: "添加机关" }).press("Escape");
      await page.getByRole("button", { name: "更新比较" }).click();
      await page.getByRole("link", { name: `＋ 加入 ${name}` }).click();
      await poll(() => page.getByRole("list", { name: "已选机关" }).innerText()).toContain(name);
    }
    await page.locator("#builder-from").selectOption("2023");
    await page.locator("#builder-to").selectOption("2024");
    await page.getByRole("button", { name: "更新比较" }).click();
    await poll(() => page.getByTestId("compare-scope").innerText()).toContain("2023、2024");
    const table = await tableText(page, "#table-compare");
    expect(table).toContain("60.0%");
    expect(table).toMatch(/合计[^\n]*\n?[\s\S]*60\.0%[\s\S]*33\.3%/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('a[data-format="csv"]').first().click()]);
    expect(download.suggestedFilename()).toBe("nianbao-compare-grantRate-2023-2024.csv");
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toBe(
      "agencyId,agency,province,city,county,regionCode,grantRate.2023,grantRate.2023.numerator,grantRate.2023.denominator,grantRate.2024,grantRate.2024.numerator,grantRate.2024.denominator",
    );
    expect(lines.slice(1).map((line) => [line.split(",")[1], ...line.split(",").slice(6)])).toEqual([
      ["济南公共资源交易中心", "0.6", "6", "10", "0.333", "2", "6"],
      ["济南市历下区财政局", "", "", "", "0.333", "2", "6"],
    ]);
    await screenshot(page, "compare");

    const shared = await context.newPage();
    await shared.goto(page.url());
    expect(await tableText(shared, "#table-compare")).toBe(table);
    expect(await shared.getByRole("checkbox", { name: "公开率（予以公开＋部分公开）" }).isChecked()).toBe(true);
  });

  it("shows the overview, coverage, search and a real 404", async () => {
    const page = await context.newPage();
    const html = await (await page.request.get(base)).text();
    // The server sends each chart drawn (no recharts on the overview) with its legend and its table twin.
    expect(html).toContain('aria-label="各年度办理结果构成（占办理总计的比例）"');
    expect(html).toContain('id="table-national"');
    expect(html).not.toContain("recharts-wrapper");
    expect(html.match(/<svg class="light-surface"/g)).toHaveLength(2);
    expect(html).toContain('<span class="chart-legend-text">予以公开</span>');
    const scripts: Promise<string>[] = [];
    page.on("response", (response) => response.request().resourceType() === "script" && scripts.push(response.text()));
    await page.goto(base);
    expect(await tableText(page, "#table-years")).toContain("2024");
    await chartsDrawn(page);
    const [bars, lines] = await page.locator("figure.chart svg.light-surface").all();
    // A stacked bar per year, six outcome groups each at most; a dot per year and series.
    expect(await bars!.locator("rect[fill^='#']").count()).toBeGreaterThan(0);
    expect(await lines!.locator("polyline").count()).toBeGreaterThanOrEqual(2);
    // Hovering a year shows every series' value there; the keyboard does the same from the focused chart.
    const box = (await bars!.boundingBox())!;
    await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2);
    const tooltip = page.locator("figure.chart .light-tooltip").first();
    await expect(tooltip.innerText()).resolves.toMatch(/2024\n[\s\S]*予以公开：\d/);
    await lines!.focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("figure.chart .light-tooltip").nth(1).innerText()).resolves.toMatch(/新收申请：[\d,]+/);
    // recharts is not loaded at all (its tooltip's class name is in its code only).
    expect((await Promise.all(scripts)).filter((code) => code.includes("recharts-tooltip-wrapper"))).toEqual([]);
    await screenshot(page, "overview");
    await page.goto(`${base}/coverage?province=${encodeURIComponent("山东省")}`);
    expect(await tableText(page, "#table-coverage")).toContain("2022");
    await screenshot(page, "coverage");
    // By issue code: only the agencies with such a report, those reports marked, the CSV twin filtered alike.
    await page.goto(`${base}/coverage?issue=identity.crossYear`);
    const marked = page.locator("#table-coverage td.has-issue");
    expect(await marked.count()).toBeGreaterThanOrEqual(2);
    expect(await marked.first().locator("a").getAttribute("title")).toContain("identity.crossYear");
    const total = async (query: string) => ((await (await page.request.get(`${base}/api/coverage.json${query}`)).json()) as { total: number }).total;
    const flagged = await total("?issue=identity.crossYear");
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(await total(""));
    expect(await page.locator('a[data-format="csv"]').first().getAttribute("href")).toContain("issue=identity.crossYear");
    await page.goto(`${base}/search?q=${encodeURIComponent("政采贷")}`);
    expect(await page.locator("mark").first().innerText()).toBe("政采贷");
    await screenshot(page, "search");
    const agency = await page.goto(`${base}/agencies/1`);
    expect(agency?.status()).toBe(200);
    await screenshot(page, "agency");
    const missing = await page.goto(`${base}/reports/999999`);
    expect(missing?.status()).toBe(404);
  });

  it("passes its Content-Security-Policy on every page: no refusal, every script carrying the response's nonce", async () => {
    const page = await context.newPage();
    const { problems, violations } = await watch(page);
    const nonces = new Set<string>();
    for (const path of EVERY_PAGE) {
      const response = await page.goto(`${base}${path}`);
      const policy = response!.headers()["content-security-policy"] ?? "";
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce, path).toBeTruthy();
      nonces.add(nonce!);
      await chartsDrawn(page);
      // Every script the server sent carries the nonce; the chunks without one were added by those ('strict-dynamic').
      const scripts = await page.evaluate(() => [...document.scripts].map((script) => ({ src: script.src, nonce: script.nonce })));
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) if (script.nonce !== nonce) expect(script.src, path).toMatch(new RegExp(`^${base}/_next/static/chunks/[\\w.-]+\\.js$`));
      expect(
        scripts.filter((script) => !script.src).every((script) => script.nonce === nonce),
        path,
      ).toBe(true);
      expect(await violations(), path).toEqual([]);
    }
    // A client-side navigation (an RSC fetch) and a chart loaded after it.
    await page.goto(`${base}/agencies`);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "概览" }).click();
    await page.locator("#table-national").waitFor();
    await chartsDrawn(page);
    expect(await violations()).toEqual([]);
    expect(nonces.size).toBe(EVERY_PAGE.length);
    expect(problems).toEqual([]);
  });

  it("refuses markup injected into a page: scripts without the nonce, event handlers, scripts from data: URLs", async () => {
    const page = await context.newPage();
    const { problems } = await watch(page);
    // As if a name had reached the HTML unescaped: the page as served, its policy kept, with markup added.
    await page.route(`${base}/agencies`, async (route) => {
      const response = await route.fetch();
      const injected = `<script>window.__ran = "inline"</script><img src="/favicon.svg" onload="window.__ran = 'handler'"><script src="data:text/javascript,window.__ran='data'"></script>`;
      await route.fulfill({ response, body: (await response.text()).replace("<main", `${injected}<main`) });
    });
    await page.goto(`${base}/agencies`);
    await poll(() => problems.length).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => (window as unknown as { __ran?: string }).__ran)).toBeUndefined();
    const refusals = problems.join("\n");
    expect(refusals).toMatch(/inline script/);
    expect(refusals).toMatch(/inline event handler/);
    expect(refusals).toMatch(/data:text\/javascript/);
    // The page itself still works: its own scripts carry the nonce.
    await page.locator("#table-agencies tbody a").first().click();
    await poll(() => page.url()).toMatch(/\/agencies\/\d+$/);
  });

  it("sends the security headers on pages, data and downloads", async () => {
    for (const path of ["/", "/agencies/1", "/api/agencies.json", "/api/agencies.csv", "/api/export/all.zip", "/no-such-page"]) {
      const response = await fetch(`${base}${path}`);
      await response.arrayBuffer();
      const headers = response.headers;
      expect(headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(headers.get("x-frame-options"), path).toBe("DENY");
      expect(headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
      expect(headers.get("x-powered-by"), path).toBeNull();
      if (path.startsWith("/api/")) expect(headers.get("content-security-policy"), path).toBe(DATA_POLICY);
      else expect(headers.get("content-security-policy"), path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    }
  });

  it("answers 405 with the Allow and security headers to other methods on pages, and to TRACE anywhere", async () => {
    const send = (method: string, path: string) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
        // node:http, since fetch refuses to send TRACE.
        const req = httpRequest(`${base}${path}`, { method }, (response) => {
          response.resume().on("end", () => resolve({ status: response.statusCode!, headers: response.headers }));
        });
        req.on("error", reject).end();
      });
    const cases = [
      ...["POST", "PUT", "DELETE", "PATCH"].flatMap((method) => ["/", "/agencies", "/reports/1"].map((path) => [method, path] as const)),
      ...["/", "/agencies", "/api/agencies.json", "/sources/0000"].map((path) => ["TRACE", path] as const),
    ];
    for (const [method, path] of cases) {
      const { status, headers } = await send(method, path);
      expect(status, `${method} ${path}`).toBe(405);
      expect(headers["x-frame-options"], `${method} ${path}`).toBe("DENY");
      expect(headers["x-content-type-options"], `${method} ${path}`).toBe("nosniff");
      if (!path.startsWith("/api/")) expect(headers.allow, `${method} ${path}`).toBe("GET, HEAD");
    }
  });

  it("answers malformed, oversize and traversing URLs with 4xx or an empty result, never 500", async () => {
    const urls = [
      "/agencies?province=%E0%A4%A",
      "/agencies?q=%ZZ%",
      "/search?q=%",
      "/compare?agency=%FF%FE&measure=%00",
      "/agencies?year[]=2024&sort[]=name",
      "/agencies?page=1e999&pageSize=-1",
      `/agencies?q=${"x".repeat(6000)}`,
      `/search?q=${encodeURIComponent("济".repeat(30_000))}`,
      `/api/agencies.json?province=${"%27%20OR%201%3D1%20--".repeat(200)}`,
      "/api/search.csv?q=%22%20OR%20%22",
      "/reports/1%00",
      "/reports/..%2F1",
      "/agencies/1e3",
      "/sources/..%2F..%2F..%2Fetc%2Fpasswd",
      "/sources/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/sources/..%5C..%5Cnianbao.db",
      "/_next/static/..%2F..%2F..%2Fetc%2Fpasswd",
    ];
    for (const path of urls) {
      const response = await fetch(`${base}${path}`);
      const body = await response.text();
      expect(response.status, path).toBeLessThan(500);
      expect(body, path).not.toMatch(/root:x:0|SQLite format 3/);
      if (path.startsWith("/sources/")) expect(response.status, path).toBe(404);
    }
  });

  it("holds the database file read-only in the web process", async () => {
    await fetch(`${base}/agencies`);
    const database = join(dir, "nianbao.db");
    const flags = openFlags(processTree(servers[0]!.pid!), database);
    expect(flags.length).toBeGreaterThan(0);
    // O_ACCMODE: 0 is O_RDONLY. (SQLite's WAL index and log are shared files a reader maps; the database is not written.)
    for (const flag of flags) expect(flag & 0o3).toBe(0);
  });

  it("renders stored markup in names, narrative, file names and flags as text", async () => {
    const hostileDir = join(dir, "hostile");
    const hostile = buildHostileDb(join(hostileDir, "nianbao.db"));
    const url = await startServer(join(hostileDir, "nianbao.db"));
    const page = await context.newPage();
    const { problems } = await watch(page);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const pages = [
      "/",
      "/agencies",
      `/agencies?q=${encodeURIComponent("onerror")}`,
      `/agencies/${hostile.agencyId}`,
      `/reports/${hostile.reportId}`,
      `/compare?agency=${hostile.agencyId}&agency=1`,
      "/coverage",
      `/search?q=${encodeURIComponent("注入测试")}`,
      `/search?q=${encodeURIComponent("script")}`,
    ];
    for (const path of pages) {
      await page.goto(`${url}${path}`);
      await chartsDrawn(page);
      const injected = await page.evaluate(() => ({
        ran: (window as unknown as { __xss?: string }).__xss ?? null,
        elements: document.querySelectorAll('img[src="x"], svg[onload], iframe, [onerror]').length,
        // The RSC payload scripts hold the names as JSON strings; a payload turned into a script would start with it.
        scripts: [...document.scripts].filter((script) => script.textContent?.trim().startsWith("window.__xss")).length,
      }));
      expect(injected, path).toEqual({ ran: null, elements: 0, scripts: 0 });
    }
    await page.goto(`${url}/reports/${hostile.reportId}`);
    expect(await page.locator("h1").innerText()).toContain(HOSTILE_AGENCY);
    expect(await page.getByTestId("source-link").innerText()).toBe(HOSTILE_FILE);
    expect(await page.locator("main").innerText()).toContain("<script>window.__xss='narrative'</script>");
    expect(await page.locator("main").innerText()).toContain(HOSTILE_MESSAGE);
    const source = await fetch(`${url}/sources/${hostile.sha256}`);
    expect(source.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[^'"\s]+$/);
    expect(source.headers.get("content-security-policy")).toBe(DATA_POLICY);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("tells the user to ingest when there is no database", async () => {
    const empty = await startServer(join(dir, "nowhere", "nianbao.db"));
    const page = await context.newPage();
    for (const path of ["/", "/agencies", "/reports/1"]) {
      const response = await page.goto(`${empty}${path}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator("main").innerText()).toContain("npm run ingest -- data/samples");
    }
  });
});
