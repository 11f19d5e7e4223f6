import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyDatabase } from "../db/copy";
import { freePort } from "../scripts/bench-http";
import { buildApp, ROOT } from "./support/browser-app";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";
import { buildSeedDb } from "./support/seed-db";

/**
 * Issue 20: `next start` with DATABASE_URL naming a PostgreSQL server that is down: from the start (a port nothing
 * listens on), and after it served pages (the test's server stopped under it). Pages answer 503 with the page naming
 * host:port, the JSON and CSV twins 503 with the JSON error; the password is never sent.
 */

const PASSWORD = "s3cret-pass";
const PAGES = ["/", "/agencies", "/search?q=%E5%85%AC%E5%BC%80", "/reports/1", "/compare", "/coverage"];
const DATA = ["/api/overview.json", "/api/agencies.csv", "/api/search.json?q=%E5%85%AC%E5%BC%80", "/api/reports/1.json", "/api/export/all.zip"];

/** `next start` with DATABASE_URL set; resolves to its address once it answers anything (here 503 is an answer). */
async function startOn(databaseUrl: string, env: Record<string, string>, servers: ChildProcess[]): Promise<string> {
  const port = await freePort();
  const server = spawn(process.execPath, [join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  servers.push(server);
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      await fetch(`${base}/api/suggest?q=x`);
      return base;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`next start did not answer on ${base}`);
}

async function expectUnreachable(base: string, server: string): Promise<void> {
  for (const path of PAGES) {
    const response = await fetch(`${base}${path}`);
    const html = await response.text();
    expect(response.status, path).toBe(503);
    expect(html, path).toContain("<h1>无法连接数据库服务器</h1>");
    expect(html, path).toContain(`数据库服务器 ${server} 没有响应`);
    expect(html, path).not.toContain(PASSWORD);
  }
  for (const path of [...DATA, `/sources/${"0".repeat(64)}`]) {
    const response = await fetch(`${base}${path}`);
    const body = await response.text();
    expect(response.status, path).toBe(503);
    expect(JSON.parse(body), path).toMatchObject({ error: "database server unreachable", server });
    expect(body, path).not.toContain(PASSWORD);
  }
}

describe.skipIf(!POSTGRES)(`the dashboard when its PostgreSQL server is down${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  const servers: ChildProcess[] = [];
  let dir = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-down-web-"));
    buildSeedDb(join(dir, "nianbao.db"));
    await copyDatabase(join(dir, "nianbao.db"), postgres.url());
    buildApp();
  }, 1_200_000);
  afterAll(() => {
    for (const server of servers) server.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 naming the server when nothing listens on its port", async () => {
    const port = await freePort();
    const base = await startOn(`postgres://nianbao:${PASSWORD}@127.0.0.1:${port}/nianbao`, { NIANBAO_DB: join(dir, "none.db") }, servers);
    await expectUnreachable(base, `127.0.0.1:${port}`);
  }, 120_000);

  it("serves the pages while the server runs, and answers 503 once it has stopped", async () => {
    const url = new URL(postgres.url());
    const base = await startOn(postgres.url(), { NIANBAO_DB: join(dir, "none.db"), NIANBAO_SOURCES: join(dir, "sources") }, servers);
    for (const path of [...PAGES, ...DATA]) expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    await postgres.server().stop();
    // The proxy asks the server again after a second; the data routes find out on their first query.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await expectUnreachable(base, `${url.hostname}:${url.port}`);
  }, 120_000);
});
