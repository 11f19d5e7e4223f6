import { gzipSync } from "node:zlib";
import { chromium, type Response } from "playwright-core";

/**
 * The whole first load of a page in a browser: Chromium (playwright-core) opens it, waits until every chart has
 * drawn and the network has been idle, and every JavaScript response of the visit — the scripts of the HTML and
 * the chunks fetched after the load event (the charts) — is gzipped (level 9, like a CDN) and summed.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type FirstLoad = { gzipBytes: number; scripts: number; afterLoadBytes: number; afterLoadScripts: number; charts: number };

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"];

const isJavaScript = (response: Response) =>
  response.request().resourceType() === "script" || /javascript|ecmascript/.test(response.headers()["content-type"] ?? "");

/** Every figure of the page drawn: an SVG in each `figure.chart`, none still waiting for its chart code. */
const CHARTS_DRAWN = () => {
  const figures = [...document.querySelectorAll("figure.chart")];
  return figures.every((figure) => figure.querySelector("svg") !== null && figure.querySelector(".chart-pending") === null);
};

export async function browserFirstLoad(pageUrl: string): Promise<FirstLoad> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const bodies = new Map<string, Promise<Buffer>>();
    const afterLoad = new Set<string>();
    let loaded = false;
    page.on("load", () => (loaded = true));
    page.on("response", (response) => {
      if (!isJavaScript(response) || bodies.has(response.url())) return;
      bodies.set(response.url(), response.body());
      if (loaded) afterLoad.add(response.url());
    });
    const answer = await page.goto(pageUrl, { waitUntil: "load", timeout: 120_000 });
    if (answer?.status() !== 200) throw new Error(`${pageUrl} answered ${answer?.status()}`);
    await page.waitForFunction(CHARTS_DRAWN, undefined, { timeout: 120_000 });
    await page.waitForLoadState("networkidle", { timeout: 120_000 });
    const charts = await page.evaluate(() => [...document.querySelectorAll("figure.chart")].filter((figure) => figure.querySelector("svg")).length);
    let gzipBytes = 0;
    let afterLoadBytes = 0;
    for (const [url, body] of bodies) {
      const size = gzipSync(await body, { level: 9 }).length;
      gzipBytes += size;
      if (afterLoad.has(url)) afterLoadBytes += size;
    }
    return { gzipBytes, scripts: bodies.size, afterLoadBytes, afterLoadScripts: afterLoad.size, charts };
  } finally {
    await browser.close();
  }
}
