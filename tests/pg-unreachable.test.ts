import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as pageApi } from "../app/api/[file]/route";
import { GET as exportApi } from "../app/api/export/[file]/route";
import { databaseServer, isUnreachable, unreachableWebServer } from "../db/database-url";
import { webStore, webStoreState } from "../db/sqlite-store";
import { runIngest } from "../lib/cli/ingest";
import { runReparse } from "../lib/cli/reparse";
import { proxy } from "../proxy";
import { freePort } from "../scripts/bench-http";
import { main as dbCopy } from "../scripts/db-copy";
import { envRestorer } from "./support/env";
import { buildSeedDb } from "./support/seed-db";

/**
 * Issue 20: DATABASE_URL names a PostgreSQL server that is down (a port nothing listens on). The pages answer 503 with
 * a Chinese-first page naming host:port (proxy.ts), the JSON and CSV twins 503 with a JSON error, the web's store is
 * none and its state names the server; ingest, reparse and db:copy print one line naming the database and exit
 * non-zero. The password of the URL is never shown. No PostgreSQL is needed: nothing answers on the port.
 */

const PASSWORD = "s3cret-pass";
let port = 0;
let url = "";
let dir = "";
const restoreEnv = envRestorer("DATABASE_URL", "NIANBAO_SOURCES");

beforeAll(async () => {
  port = await freePort();
  url = `postgres://nianbao:${PASSWORD}@127.0.0.1:${port}/nianbao`;
  dir = mkdtempSync(join(tmpdir(), "nianbao-pg-down-"));
  process.env.DATABASE_URL = url;
  process.env.NIANBAO_SOURCES = join(dir, "sources");
});
afterAll(() => {
  restoreEnv();
  rmSync(dir, { recursive: true, force: true });
});

function captured() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text) } };
}

describe("a PostgreSQL server that is down", () => {
  it("names the server host:port without user or password", () => {
    expect(databaseServer(url)).toBe(`127.0.0.1:${port}`);
    expect(databaseServer("postgresql://u:p@db.example.org/nianbao")).toBe("db.example.org:5432");
    expect(databaseServer("postgres://u@/nianbao?host=/run/postgresql")).toBe("/run/postgresql:5432");
    expect(databaseServer("postgres://u:p@[::1]:6543/x")).toBe("[::1]:6543");
  });

  it("gives the web no store and a state naming the server", async () => {
    expect(await webStore()).toBeNull();
    expect(await webStoreState()).toEqual({ unreachable: `127.0.0.1:${port}` });
  });

  it("answers a page 503 in Chinese first, naming the server, never the password", async () => {
    expect(await unreachableWebServer()).toBe(`127.0.0.1:${port}`);
    const response = await proxy(new NextRequest("http://localhost/agencies?province=x"));
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toContain("<h1>无法连接数据库服务器</h1>");
    expect(html).toContain(`数据库服务器 127.0.0.1:${port} 没有响应`);
    expect(html).not.toContain(PASSWORD);
  });

  it("answers the JSON and CSV twins and the downloads 503 with a JSON error naming the server", async () => {
    for (const [handler, file] of [
      [pageApi, "overview.json"],
      [pageApi, "agencies.csv"],
      [pageApi, "search.json"],
      [exportApi, "all.zip"],
    ] as const) {
      const response = await handler(new Request(`http://localhost/api/${file}`), { params: Promise.resolve({ file }) });
      expect(response.status, file).toBe(503);
      const body = await response.text();
      expect(JSON.parse(body), file).toEqual({ error: "database server unreachable", server: `127.0.0.1:${port}`, hint: expect.any(String) });
      expect(body).not.toContain(PASSWORD);
    }
  });

  it("makes ingest and reparse print one line naming the database and exit non-zero", async () => {
    const ingest = captured();
    const ingestCode = await runIngest(["--db", url, "data/samples"], { ...ingest.io, isTTY: false, now: () => new Date() });
    const reparse = captured();
    const reparseCode = await runReparse(["--db", url], reparse.io);
    for (const [code, { stderr }] of [
      [ingestCode, ingest.out],
      [reparseCode, reparse.out],
    ] as const) {
      expect(code).not.toBe(0);
      expect(stderr.trim().split("\n")).toEqual([
        `cannot use the database postgres://nianbao:***@127.0.0.1:${port}/nianbao: connect ECONNREFUSED 127.0.0.1:${port}`,
      ]);
    }
  });

  it("makes db:copy print one line naming the database, either way, and exit non-zero", async () => {
    const file = join(dir, "seed.db");
    buildSeedDb(file);
    for (const [from, to] of [
      [url, join(dir, "copy.db")],
      [file, url],
    ] as const) {
      const { out, io } = captured();
      expect(await dbCopy(["--from", from, "--to", to], io)).toBe(1);
      expect(out.stderr.trim().split("\n")).toEqual([
        `cannot use the database postgres://nianbao:***@127.0.0.1:${port}/nianbao (its server does not answer): connect ECONNREFUSED 127.0.0.1:${port}`,
      ]);
    }
  });

  it("tells an unreachable server from other errors", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(isUnreachable(new Error("Failed query", { cause: refused }))).toBe(true);
    expect(isUnreachable(new AggregateError([refused]))).toBe(true);
    expect(isUnreachable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isUnreachable(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('relation "reports" does not exist'), { code: "42P01" }))).toBe(false);
    expect(isUnreachable(Object.assign(new Error("password authentication failed"), { code: "28P01" }))).toBe(false);
  });
});
