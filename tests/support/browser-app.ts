import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";
import { type BrowserContext, chromium } from "playwright-core";
import { freePort } from "../../scripts/bench-http";
import { buildSeedDb } from "./seed-db";

/**
 * The dashboard for the browser tests: `next build` (once per test run, whichever browser test file gets there first),
 * `next start` on a given database, and Chromium through playwright-core.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ROOT = join(import.meta.dirname, "..", "..");
export const SCREENSHOTS = join(ROOT, "tests", "output", "screenshots");
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
const NEXT = join(ROOT, "node_modules", "next", "dist", "bin", "next");
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

/** CI installs Chromium, so there a missing browser fails instead of skipping. */
export const noBrowser = !existsSync(CHROMIUM) && !process.env.CI;

const LOCK = join(ROOT, ".next-build.lock");
const BUILT = join(ROOT, ".next", "nianbao-test-run");
/** The vitest process: the parent of a forked worker, the process itself for a worker thread. */
const RUN = String(isMainThread ? process.ppid : process.pid);

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** `next build`, unless another browser test file of the same vitest run has built already (the two run in parallel). */
export function buildApp(): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another file is building; a lock older than the longest build was left by a killed run.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 900_000) rmSync(LOCK, { recursive: true, force: true });
      sleep(500);
    }
  }
  try {
    if (existsSync(BUILT) && readFileSync(BUILT, "utf8") === RUN) return;
    // NIANBAO_NEXT_BUILD_ARGS adds flags (`--webpack` where Turbopack cannot build, e.g. a worktree whose node_modules is a symlink).
    const extra = process.env.NIANBAO_NEXT_BUILD_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    const build = spawnSync(process.execPath, [NEXT, "build", ...extra], {
      cwd: ROOT,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    writeFileSync(BUILT, RUN);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** `next start` on `database`, added to `servers` for the caller to stop; resolves to its URL once it answers. */
export async function startServer(database: string, servers: ChildProcess[]): Promise<string> {
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

/** Chromium with its profile in `profile`, Chinese locale, desktop-sized until a test says otherwise. */
export function launchBrowser(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    viewport: DESKTOP,
    acceptDownloads: true,
    locale: "zh-CN",
  });
}

/** The seed database served by `next start`, and a Chromium on it: one test file's app. */
export type SeededApp = { base: string; context: BrowserContext; close: () => Promise<void> };

/** Builds the seed database in a temporary folder named after `name`, serves it, and opens Chromium; `close` undoes all. */
export async function openSeededApp(name: string): Promise<SeededApp> {
  const dir = mkdtempSync(join(tmpdir(), `nianbao-${name}-`));
  const servers: ChildProcess[] = [];
  const close = async (context?: BrowserContext) => {
    await context?.close();
    for (const server of servers) server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildSeedDb(join(dir, "nianbao.db"));
    buildApp();
    const base = await startServer(join(dir, "nianbao.db"), servers);
    const context = await launchBrowser(join(dir, "profile"));
    return { base, context, close: () => close(context) };
  } catch (error) {
    await close();
    throw error;
  }
}
