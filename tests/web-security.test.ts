import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { NextRequest } from "next/server";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as pageApi } from "../app/api/[file]/route";
import { GET as agencyApi } from "../app/api/agencies/[file]/route";
import { GET as reportApi } from "../app/api/reports/[file]/route";
import { GET as sourceFile } from "../app/sources/[sha256]/route";
import { FileName } from "../components/FileName";
import { contentDisposition } from "../lib/export/csv";
import { printableName } from "../lib/printable";
import { refuseFetchForbiddenMethods } from "../lib/web/http-guard";
import { DATA_POLICY, newNonce, pagePolicy, SECURITY_HEADERS } from "../lib/web/security";
import { proxy } from "../proxy";
import { buildSeedDb, seedTexts } from "./support/seed-db";

/**
 * Hostile query strings against the JSON and CSV twins, which read the same parameters through the same parsers
 * and queries as the pages: SQL and FTS5 injection, oversize and malformed values. Each answer is a normal or an
 * empty result (never a 500, never more rows than without the parameter) and the database is left as it was.
 */

let dir: string;
let database: string;
let ids: Map<string, number>;
const previousDb = process.env.NIANBAO_DB;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-security-"));
  database = join(dir, "nianbao.db");
  ids = buildSeedDb(database);
  process.env.NIANBAO_DB = database;
});
afterAll(() => {
  process.env.NIANBAO_DB = previousDb;
  rmSync(dir, { recursive: true, force: true });
});

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

function call<P>(handler: Handler<P>, param: P, query: URLSearchParams | string = ""): Promise<Response> {
  const search = typeof query === "string" ? query : `?${query}`;
  return handler(new Request(`http://localhost/x${search}`), { params: Promise.resolve(param) });
}

const INJECTIONS = [
  "' OR '1'='1",
  "山东省' OR '1'='1' --",
  '" OR ""="',
  "1 OR 1=1",
  "1; DROP TABLE reports; --",
  "') UNION SELECT name, sql FROM sqlite_master --",
  "%' OR agencies.name LIKE '%",
  "*",
  '"政采贷" OR "a"',
  "NEAR(政采 贷) OR report_sections_fts:*",
  "-1",
  "\u0000",
];

/** Every filter and search parameter of every page, with a baseline query the parameter narrows. */
const ENDPOINTS: { page: string; params: string[]; base: Record<string, string>; rows: (body: Record<string, unknown>) => number }[] = [
  {
    page: "agencies",
    params: ["province", "city", "county", "year", "q", "issue", "sort", "dir", "page", "pageSize"],
    base: { province: "山东省" },
    rows: (b) => b.total as number,
  },
  { page: "coverage", params: ["province", "city", "county", "page", "pageSize"], base: { province: "山东省" }, rows: (b) => b.total as number },
  {
    page: "compare",
    params: ["agency", "province", "city", "county", "year", "measure", "from", "to", "sort", "dir"],
    base: { province: "山东省" },
    rows: (b) => (b.comparisons as { series: unknown[] }[])[0]!.series.length,
  },
  {
    page: "search",
    params: ["q", "province", "city", "county", "year", "revisions", "page", "pageSize"],
    base: { q: "政府信息", province: "山东省" },
    rows: (b) => b.total as number,
  },
  { page: "overview", params: ["year"], base: {}, rows: (b) => (b.reportsByYear as unknown[]).length },
];

/** Parameters matched as text: a value not in the data matches nothing. */
const TEXT_FILTERS = new Set(["province", "city", "county", "q", "issue"]);

/** The bytes of the database and its WAL (a reader may create an empty WAL: the same as none). */
function fingerprint(): string {
  const hash = createHash("sha256").update(readFileSync(database));
  if (existsSync(`${database}-wal`)) hash.update(readFileSync(`${database}-wal`));
  return hash.digest("hex");
}

function contents(): Record<string, unknown> {
  const db = new Database(database, { readonly: true });
  try {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all() as { name: string; sql: string | null }[];
    const counts = Object.fromEntries(
      tables
        .filter((t) => t.sql?.startsWith("CREATE TABLE"))
        .map((t) => [t.name, (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n]),
    );
    return { tables, counts, integrity: db.pragma("integrity_check", { simple: true }) };
  } finally {
    db.close();
  }
}

async function json(page: string, query: URLSearchParams): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await call(pageApi, { file: `${page}.json` }, query);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("SQL and FTS5 injection through every filter and search parameter", () => {
  it("gives a normal or empty result, never more rows, and leaves the database as it was", async () => {
    const before = { file: fingerprint(), contents: contents() };
    for (const { page, params, base, rows } of ENDPOINTS) {
      const baseline = await json(page, new URLSearchParams(base));
      expect(baseline.status).toBe(200);
      const baselineRows = rows(baseline.body);
      for (const param of params) {
        for (const payload of INJECTIONS) {
          const query = new URLSearchParams(base);
          query.set(param, payload);
          // A county counts only within a city (the cascade), so give it one.
          if (param === "county") query.set("city", "济南市");
          const answer = await json(page, query);
          const where = `${page}?${param}=${payload}`;
          expect(answer.status, where).toBe(200);
          const found = rows(answer.body);
          expect(found, where).toBeLessThanOrEqual(baselineRows);
          // A text filter holding SQL matches nothing; a number or a choice that cannot be read falls back to the default.
          // (A search term is looked for as written, so `*` finds a printed asterisk; its own test is below.)
          if (TEXT_FILTERS.has(param) && !(page === "search" && param === "q")) expect(found, where).toBe(0);
          const csv = await call(pageApi, { file: `${page}.csv` }, query);
          expect(csv.status, `${where} (csv)`).toBe(200);
          await csv.arrayBuffer();
        }
      }
    }
    expect(fingerprint()).toBe(before.file);
    expect(contents()).toEqual(before.contents);
  });

  it("finds nothing for SQL typed into the search", async () => {
    for (const q of INJECTIONS.filter((payload) => /[=;]/.test(payload))) expect((await json("search", new URLSearchParams({ q }))).body.total, q).toBe(0);
  });

  it("reads FTS5 syntax in a search as the words themselves", async () => {
    const plain = await json("search", new URLSearchParams({ q: "政采贷" }));
    expect(plain.body.total).toBeGreaterThan(0);
    for (const q of ["政采贷 OR 政府信息", "政采贷 NOT 政府", "政采贷*", "{body}:政采贷", '政采贷" OR "政府信息']) {
      const answer = await json("search", new URLSearchParams({ q }));
      expect(answer.status, q).toBe(200);
      expect(answer.body.total as number, q).toBeLessThanOrEqual(plain.body.total as number);
    }
  });
});

describe("oversize and malformed query parameters", () => {
  const cases: [string, URLSearchParams][] = [
    ["a 100 000-character name search", new URLSearchParams({ q: "济".repeat(100_000) })],
    ["a 100 000-character province", new URLSearchParams({ province: "山".repeat(100_000) })],
    ["5 000 repeated years", new URLSearchParams(Array.from({ length: 5000 }, (_, i) => ["year", String(1900 + (i % 200))]))],
    ["a huge comma list of years", new URLSearchParams({ year: Array.from({ length: 20_000 }, () => "2024").join(",") })],
    ["10 000 agency ids", new URLSearchParams(Array.from({ length: 10_000 }, (_, i) => ["agency", String(i + 1)]))],
    ["numbers out of range", new URLSearchParams({ page: "99999999999999999999", pageSize: "1e9", agency: "-1", year: "20245" })],
    ["negative and fractional paging", new URLSearchParams({ page: "-3", pageSize: "0.5" })],
    ["control characters and lone surrogates", new URLSearchParams({ q: "\u0001\u0002\u0003\ud800", province: "\u0003", issue: "\u0002" })],
    [
      "repeated scalar keys",
      new URLSearchParams([
        ["sort", "grantRate"],
        ["sort", "name"],
        ["dir", "x"],
        ["dir", "desc"],
        ["measure", "nope"],
        ["measure", "grantRate"],
      ]),
    ],
  ];

  it.each(cases)("answers %s with 200 and a bounded result on every page", async (_, query) => {
    for (const page of ["agencies", "coverage", "compare", "search", "overview"]) {
      const { status, body } = await json(page, query);
      expect(status, page).toBe(200);
      if ("pageSize" in body) expect(body.pageSize as number, page).toBeLessThanOrEqual(1000);
      if ("rows" in body) expect((body.rows as unknown[]).length, page).toBeLessThanOrEqual(1000);
    }
  });

  it("caps a comparison at 50 agencies, a name filter at 100 characters and a search at 8 terms", async () => {
    const many = await json("compare", new URLSearchParams(Array.from({ length: 10_000 }, (_, i) => ["agency", String(i + 1)])));
    expect((many.body.query as { agencyIds: number[] }).agencyIds).toHaveLength(50);
    const long = await json("agencies", new URLSearchParams({ q: "济".repeat(100_000) }));
    expect((long.body.query as { q: string }).q).toHaveLength(100);
    const terms = await json("search", new URLSearchParams({ q: Array.from({ length: 50 }, (_, i) => `词${i}语`).join(" ") }));
    expect(terms.status).toBe(200);
  });

  it("gives 404, not 500, for malformed ids, names and tables", async () => {
    for (const file of ["1e3.json", "-1.json", "..%2F1.json", "1.json.csv", "99999999999999999999.json", `${"9".repeat(5000)}.csv`, "1.JSON", "%00.json"]) {
      expect((await call(agencyApi, { file })).status, file).toBe(404);
      expect((await call(reportApi, { file })).status, file).toBe(404);
    }
    for (const file of ["agencies.xml", "agencies", "../agencies.json", "agencies.json%00", "constructor.json", "__proto__.json", "toString.csv"])
      expect((await call(pageApi, { file })).status, file).toBe(404);
    for (const table of ["nope", "__proto__", "constructor", "' OR 1=1 --"])
      expect((await call(pageApi, { file: "agencies.csv" }, new URLSearchParams({ table }))).status, table).toBe(404);
  });
});

describe("source downloads", () => {
  it("refuses every path that is not a stored sha256, even when a file is there", async () => {
    const first = seedTexts()[0]!;
    const { report } = (await (await call(reportApi, { file: `${ids.get(first.name)}.json` })).json()) as { report: { sha256: string } };
    // Files an escaping path could reach: beside the database, and in sources/ under a hash nothing refers to.
    writeFileSync(join(dir, "secret.txt"), "secret");
    const unlisted = "a".repeat(64);
    writeFileSync(join(dir, "sources", unlisted), "not a report");
    for (const sha256 of [
      "../secret.txt",
      "..%2Fsecret.txt",
      "%2e%2e%2fsecret.txt",
      "..\\secret.txt",
      `${report.sha256}/../../secret.txt`,
      `${report.sha256}\u0000`,
      `../sources/${report.sha256}`,
      "/etc/passwd",
      unlisted,
    ]) {
      const response = await call(sourceFile, { sha256 });
      expect(response.status, sha256).toBe(404);
      expect(await response.text(), sha256).not.toMatch(/secret|not a report/);
    }
  });

  it("names a download without letting its file name break the header", () => {
    const header = contentDisposition(`a"\r\nSet-Cookie: x=1'();.txt`);
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(`attachment; filename="a___Set-Cookie: x=1'();.txt"; filename*=UTF-8''a%22%0D%0ASet-Cookie%3A%20x%3D1%27%28%29%3B.txt`);
  });

  it("sends a stored file that is not a PDF as a sandboxed attachment", async () => {
    const first = seedTexts()[0]!;
    const { report } = (await (await call(reportApi, { file: `${ids.get(first.name)}.json` })).json()) as { report: { sha256: string } };
    const response = await call(sourceFile, { sha256: report.sha256 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(response.headers.get("content-security-policy")).toBe(DATA_POLICY);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("the content security policy", () => {
  it("lets only nonced scripts run, with a fresh nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const policy = pagePolicy("abc");
    const directive = (name: string) => policy.split("; ").find((d) => d.split(" ")[0] === name);
    expect(directive("script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(directive("style-src")).toBe("style-src 'self' 'nonce-abc'");
    expect(directive("object-src")).toBe("object-src 'none'");
    expect(directive("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(pagePolicy("abc", true)).toContain("'unsafe-eval'");
  });
});

describe("methods other than GET and HEAD on pages", () => {
  const page = async (method: string, headers: Record<string, string> = {}) =>
    proxy(new NextRequest("http://localhost/agencies?province=x", { method, headers }));

  it("answers 405 with an Allow header and the security headers to POST, PUT, DELETE, PATCH and OPTIONS", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "post"]) {
      const response = await page(method);
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow"), method).toBe("GET, HEAD");
      expect(response.headers.get("content-security-policy"), method).toBe(DATA_POLICY);
      for (const { key, value } of SECURITY_HEADERS) expect(response.headers.get(key), `${method} ${key}`).toBe(value);
      expect(await response.text()).toMatch(/^405 method not allowed/);
    }
    expect((await page("POST", { "next-router-prefetch": "1" })).status).toBe(405);
  });

  it("lets GET and HEAD through with a page policy, and a prefetch without one", async () => {
    for (const method of ["GET", "HEAD"]) {
      const response = await page(method);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'self'; script-src 'self' 'nonce-/);
    }
    expect((await page("GET", { "next-router-prefetch": "1" })).headers.get("content-security-policy")).toBeNull();
  });
});

describe("TRACE, which the Fetch API cannot represent", () => {
  /** A server that, like Next.js, builds a Request for every request and answers 500 when that throws. */
  async function fetchLikeServer(): Promise<Server> {
    const server = createServer((request, response) => {
      try {
        new Request(`http://localhost${request.url}`, { method: request.method });
        response.writeHead(200).end("page");
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return server;
  }

  function send(server: Server, method: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method, path: "/agencies" }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      });
      req.on("error", reject).end();
    });
  }

  it("answers 405 with the Allow and security headers before the request reaches Next.js, GET untouched", async () => {
    const server = await fetchLikeServer();
    try {
      expect((await send(server, "TRACE")).status).toBe(500);
      refuseFetchForbiddenMethods(server);
      refuseFetchForbiddenMethods(server);
      const trace = await send(server, "TRACE");
      expect(trace.status).toBe(405);
      expect(trace.headers.allow).toBe("GET, HEAD");
      expect(trace.headers["content-security-policy"]).toBe(DATA_POLICY);
      for (const { key, value } of SECURITY_HEADERS) expect(trace.headers[key.toLowerCase()], key).toBe(value);
      expect(await send(server, "GET")).toMatchObject({ status: 200, body: "page" });
    } finally {
      server.close();
    }
  });
});

describe("file names shown or printed", () => {
  const SPOOFED = "报告\u202Efdp.exe";
  const FORGED = "a.txt: ok\n[9/9] ingested b.txt";

  it("escapes line breaks, controls and every bidi control, and keeps the rest", () => {
    expect(printableName(FORGED)).toBe("a.txt: ok\\n[9/9] ingested b.txt");
    expect(printableName(SPOOFED)).toBe("报告\\u202Efdp.exe");
    const bidi = [
      "\u061c",
      "\u200e",
      "\u200f",
      "\u202a",
      "\u202b",
      "\u202c",
      "\u202d",
      "\u202e",
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
      "\u2028",
      "\u2029",
      "\r",
      "\t",
      "\u001b",
      "\u0085",
    ];
    for (const c of bidi) expect(printableName(`x${c}y`), c.codePointAt(0)!.toString(16)).toMatch(/^x\\[a-z0-9]+y$/i);
    expect(printableName("2024年报告 (修订) ..\\x.pdf")).toBe("2024年报告 (修订) ..\\x.pdf");
  });

  it("shows a file name on a page with the escapes, not the characters", () => {
    const html = renderToStaticMarkup(createElement(FileName, { name: `${SPOOFED}\n<b>` }));
    expect(html).toBe("报告\\u202Efdp.exe\\n&lt;b&gt;");
  });
});
