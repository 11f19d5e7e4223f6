import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSeedDb } from "./support/seed-db";

/**
 * The dashboard in a real browser: `next build && next start` on a database built from the seeds, driven by
 * Chromium through playwright-core. Screenshots at phone and desktop widths go to tests/output/screenshots/.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..");
const NEXT = join(ROOT, "node_modules", "next", "dist", "bin", "next");
const SCREENSHOTS = join(ROOT, "tests", "output", "screenshots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let dir: string;
let context: BrowserContext;
const servers: ChildProcess[] = [];
let base = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function startServer(database: string): Promise<string> {
  const port = await freePort();
  const server = spawn(process.execPath, [NEXT, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, NIANBAO_DB: database, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  servers.push(server);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).status < 500) return url;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`next start did not answer on ${url}`);
}

/** The charts fetch recharts after hydration (components/charts/index.tsx); wait until every figure has drawn. */
async function chartsDrawn(page: Page): Promise<void> {
  for (const figure of await page.locator("figure.chart").all()) await figure.locator(".recharts-wrapper svg").first().waitFor();
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

// CI installs Chromium, so there a missing browser fails instead of skipping.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)("the dashboard in Chromium", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-browser-"));
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildSeedDb(join(dir, "nianbao.db"));
    const build = spawnSync(process.execPath, [NEXT, "build"], { cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    base = await startServer(join(dir, "nianbao.db"));
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      viewport: DESKTOP,
      acceptDownloads: true,
      locale: "zh-CN",
    });
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
    await expect.poll(() => page.url()).toMatch(/\/agencies\/\d+$/);
    await expect.poll(() => page.locator("h1").innerText()).toBe("济南市历下区财政局");
    await page.locator("#table-years").getByRole("link", { name: "2024" }).click();
    await expect.poll(() => page.url()).toMatch(/\/reports\/\d+$/);
    expect(await page.locator('[data-key="applications.newReceived.business"]').innerText()).toBe("3");
    expect(await page.locator('[data-key="reviewLitigation.reconsideration.corrected"]').innerText()).toBe("3");
    const flagged = page.locator('[data-key="applications.handledTotal.naturalPerson"] details.flag');
    await flagged.locator("summary").click();
    expect(await flagged.locator("div").innerText()).toContain("identity.handledSum");
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
    await page.locator(".facet").filter({ hasText: "省份" }).getByRole("link", { name: /山东省/ }).click();
    await expect.poll(() => page.getByTestId("agency-total").innerText()).toBe("4");
    await openFilters(page);
    await page.locator(".facet").filter({ hasText: "城市" }).getByRole("link", { name: /济南市/ }).click();
    await expect.poll(() => page.getByTestId("agency-total").innerText()).toBe("2");
    await openFilters(page);
    await page.locator(".facet").filter({ hasText: "年度" }).getByRole("link", { name: /2023/ }).click();
    await expect.poll(() => page.getByTestId("agency-total").innerText()).toBe("1");
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

  it("builds a comparison, downloads its CSV and reloads the shared view", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/compare`);
    for (const name of ["济南公共资源交易中心", "济南市历下区财政局"]) {
      await page.getByRole("searchbox", { name: "按名称查找机关" }).fill(name.slice(0, 4));
      await page.getByRole("button", { name: "查找" }).click();
      await page.getByRole("link", { name: `＋ 加入 ${name}` }).click();
      await expect.poll(() => page.getByRole("list", { name: "已选机关" }).innerText()).toContain(name);
    }
    await page.locator('select[name="measure"]').selectOption("grantRate");
    await page.getByRole("checkbox", { name: "2023" }).check();
    await page.getByRole("checkbox", { name: "2024" }).check();
    await page.getByRole("button", { name: "更新比较" }).click();
    await expect.poll(() => page.getByTestId("compare-scope").innerText()).toContain("2023、2024");
    const table = await tableText(page, "#table-compare");
    expect(table).toContain("60.0%");
    expect(table).toMatch(/合计[^\n]*\n?[\s\S]*60\.0%[\s\S]*33\.3%/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('a[data-format="csv"]').first().click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toBe("agencyId,agency,province,city,county,regionCode,year,reportId,grantRate");
    expect(lines.slice(1).map((line) => line.split(",").slice(6).filter((_, i) => i !== 1)).sort()).toEqual([
      ["2023", "0.6"],
      ["2024", "0.3333333333333333"],
      ["2024", "0.3333333333333333"],
    ]);
    await screenshot(page, "compare");

    const shared = await context.newPage();
    await shared.goto(page.url());
    expect(await tableText(shared, "#table-compare")).toBe(table);
    expect(await shared.locator('select[name="measure"]').inputValue()).toBe("grantRate");
  });

  it("shows the overview, coverage, search and a real 404", async () => {
    const page = await context.newPage();
    const html = await (await page.request.get(base)).text();
    // The server sends each chart's figure and table twin, but not the chart: recharts loads in the browser.
    expect(html).toContain('aria-label="各年度办理结果构成（占办理总计的比例）"');
    expect(html).toContain('id="table-national"');
    expect(html).not.toContain("recharts-wrapper");
    await page.goto(base);
    expect(await tableText(page, "#table-years")).toContain("2024");
    await chartsDrawn(page);
    expect(await page.locator("figure.chart .recharts-wrapper").count()).toBe(2);
    await screenshot(page, "overview");
    await page.goto(`${base}/coverage?province=${encodeURIComponent("山东省")}`);
    expect(await tableText(page, "#table-coverage")).toContain("2022");
    await screenshot(page, "coverage");
    await page.goto(`${base}/search?q=${encodeURIComponent("政采贷")}`);
    expect(await page.locator("mark").first().innerText()).toBe("政采贷");
    await screenshot(page, "search");
    const agency = await page.goto(`${base}/agencies/1`);
    expect(agency?.status()).toBe(200);
    await screenshot(page, "agency");
    const missing = await page.goto(`${base}/reports/999999`);
    expect(missing?.status()).toBe(404);
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
