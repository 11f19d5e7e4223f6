import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readWebOptions } from "../lib/cli/ingest-web";
import { nameOf, samePage } from "../lib/crawl/crawl";
import { decodePage, isAnnualReportTitle, looksLikeList, pageLinks, scriptPages } from "../lib/crawl/page";
import { PoliteClient, type PoliteOptions, retryAfterMs } from "../lib/crawl/polite";
import { Robots } from "../lib/crawl/robots";
import { userAgent } from "../lib/crawl/user-agent";
import { encodeGbk } from "../lib/synth/render-html";
import { FIXTURES } from "./support/fixtures";

/** The crawler's parts one by one: robots.txt, titles, links and pagination, and the polite client on loopback. */

describe("robots.txt", () => {
  const text = [
    "User-agent: *",
    "Disallow: /private/",
    "Disallow: /*.jsp$",
    "Allow: /private/open/",
    "Crawl-delay: 5",
    "",
    "User-agent: Nianbao",
    "User-agent: Other",
    "Disallow: /nianbao-only/",
    "Crawl-delay: 0.5",
  ].join("\n");
  const u = (path: string) => new URL(path, "http://site.example");

  it("takes the group naming our product token over `*`, with its Crawl-delay", () => {
    const robots = Robots.parse(text, "Nianbao");
    expect(robots.crawlDelay).toBe(0.5);
    expect(robots.allows(u("/nianbao-only/x.html"))).toBe(false);
    expect(robots.allows(u("/private/a.html"))).toBe(true);
  });

  it("matches the longest rule, Allow winning a tie, with * and $ patterns", () => {
    const robots = Robots.parse(text, "SomeBot");
    expect(robots.crawlDelay).toBe(5);
    expect(robots.allows(u("/private/a.html"))).toBe(false);
    expect(robots.allows(u("/private/open/a.html"))).toBe(true);
    expect(robots.allows(u("/list.jsp"))).toBe(false);
    expect(robots.allows(u("/list.jsp?page=2"))).toBe(true);
    expect(robots.allows(u("/robots.txt"))).toBe(true);
    expect(Robots.parse("User-agent: *\nAllow: /a\nDisallow: /a\n", "x").allows(u("/a/b"))).toBe(true);
    expect(Robots.parse("User-agent: *\nDisallow:\n", "x").allows(u("/anything"))).toBe(true);
  });

  it("matches a Chinese path as the URL encodes it", () => {
    const robots = Robots.parse("User-agent: *\nDisallow: /信息公开/\n", "Nianbao");
    expect(robots.allows(u("/信息公开/a.html"))).toBe(false);
    expect(robots.allows(u("/xxgk/a.html"))).toBe(true);
  });

  it("disallows everything when it cannot be read", () => {
    const robots = Robots.disallowAll("robots.txt answered HTTP 503");
    expect(robots.allows(u("/"))).toBe(false);
    expect(robots.reason).toContain("503");
  });
});

describe("titles, links and pagination", () => {
  it("tells an annual report's title by its year and report word", () => {
    for (const title of [
      "平潭综合实验区市场监督管理局2025年度政府信息公开工作年度报告",
      "宁波市镇海区教育局2023年度政府信息公开工作年报",
      "2019 年政府信息公开工作报告",
    ])
      expect(isAnnualReportTitle(title), title).toBe(true);
    for (const title of ["政府信息公开年报", "2024年政府工作报告", "平潭综合实验区公安局2018年政务公开工作要点落实情况", "关于开展政务公开培训的通知"])
      expect(isAnnualReportTitle(title), title).toBe(false);
  });

  it("finds the ten entries of the real 年报 column list page and nothing else to follow", () => {
    const html = readFileSync(join(FIXTURES, "real", "html-scjgj_list", "scjgj_list.html"), "utf8");
    const links = pageLinks(html, "https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqscj/zfxxgknb/");
    expect(links.entries).toHaveLength(10);
    expect(links.entries[0]).toEqual({
      url: "https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqscj/zfxxgknb/202601/t20260123_104786.htm",
      title: "平潭综合实验区市场监督管理局2025年度政府信息公开工作年度报告",
    });
    expect(links.entries.map((e) => e.title.match(/(\d{4})年度/)?.[1])).toEqual([
      "2025",
      "2024",
      "2023",
      "2022",
      "2021",
      "2020",
      "2019",
      "2018",
      "2017",
      "2016",
    ]);
    expect(links.pages).toEqual([]);
    expect(looksLikeList(links)).toBe(true);
  });

  it("reads a real report page as a report page, not a list, even when its title is the site's and it links to other years", () => {
    const html = readFileSync(join(FIXTURES, "real", "html-scjgj_2022", "scjgj_2022.html"), "utf8");
    const url = "https://www.pingtan.gov.cn/a/202301/t20230105_80615.htm";
    expect(looksLikeList(pageLinks(html, url))).toBe(false);
    const retitled = html
      .replace(/<title>[\s\S]*?<\/title>/, "<title>平潭综合实验区党工委管委会</title>")
      .replace("</body>", '<a href="t2021.htm">平潭综合实验区市场监督管理局2021年度政府信息公开工作年度报告</a></body>');
    const links = pageLinks(retitled, url);
    expect(links.entries).toHaveLength(1);
    expect(links.holdsReport).toBe(true);
    expect(looksLikeList(links)).toBe(false);
  });

  it("reads TRS's createPageHTML pager, with or without an element id first", () => {
    const list = new URL("http://site.example/xxgk/ndbg/");
    expect(scriptPages('createPageHTML(3, 0, "index", "html");', list).map((u) => u.pathname)).toEqual([
      "/xxgk/ndbg/index.html",
      "/xxgk/ndbg/index_1.html",
      "/xxgk/ndbg/index_2.html",
    ]);
    expect(scriptPages("createPageHTML('page_div',2, 1,'list','shtml',36);", list).map((u) => u.pathname)).toEqual([
      "/xxgk/ndbg/list.shtml",
      "/xxgk/ndbg/list_1.shtml",
    ]);
    expect(scriptPages('createPageHTML(1, 0, "index", "html");', list)).toEqual([]);
    expect(samePage("http://site.example/xxgk/ndbg/index.html")).toBe("http://site.example/xxgk/ndbg/");
  });

  it("follows index_N.html and ?page=N links of the same list, attachments and iframes", () => {
    const html = `<html><head><title>年报</title></head><body>
      <a href="index_1.html">2</a><a href="/other/index_1.html">elsewhere</a><a href="?page=3">下一页</a>
      <a href="t1.htm" title="某局2023年度政府信息公开工作年度报告">某局2023年度政府信…</a>
      <a href="files/报告.pdf">附件</a><a href="a.DOCX">附件2</a><a href="javascript:;">x</a>
      <a href="/download.jsp?id=77">2023年度报告.wps</a>
      <iframe src="/frame/r.html"></iframe></body></html>`;
    const links = pageLinks(html, "http://site.example/col/list.jsp");
    expect(links.pages.sort()).toEqual(["http://site.example/col/index_1.html", "http://site.example/col/list.jsp?page=3"]);
    expect(links.entries).toEqual([{ url: "http://site.example/col/t1.htm", title: "某局2023年度政府信息公开工作年度报告" }]);
    expect(links.documents.map((d) => d.url)).toEqual([
      "http://site.example/col/files/%E6%8A%A5%E5%91%8A.pdf",
      "http://site.example/col/a.DOCX",
      "http://site.example/download.jsp?id=77",
    ]);
    expect(links.iframes).toEqual(["http://site.example/frame/r.html"]);
    expect(nameOf(links.documents[0]!.url)).toBe("报告.pdf");
    expect(nameOf("http://site.example/")).toBe("index.html");
  });

  it("decodes a GBK page whatever its charsets say", () => {
    const page = encodeGbk(
      "<html><head><meta charset=\"utf-8\"><title>年报</title></head><body><a href='a.htm'>某局2023年度政府信息公开工作年度报告</a></body></html>",
    );
    for (const contentType of ["text/html; charset=utf-8", "text/html", "text/html; charset=iso-8859-1", undefined])
      expect(pageLinks(decodePage(page, contentType), "http://s.example/").entries[0]?.title, String(contentType)).toBe("某局2023年度政府信息公开工作年度报告");
  });
});

describe("Retry-After", () => {
  it("reads seconds and an HTTP date", () => {
    expect(retryAfterMs("3", 0)).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs("soon", 0)).toBeNull();
    expect(retryAfterMs(undefined, 0)).toBeNull();
  });
});

describe("the polite client on a loopback server", () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  async function serve(
    handler: Handler,
    robots = "User-agent: *\nDisallow: /no/\n",
  ): Promise<{ base: string; log: { path: string; start: number; end: number; ua: string }[] }> {
    const log: { path: string; start: number; end: number; ua: string }[] = [];
    server = createServer((req, res) => {
      const entry = { path: req.url ?? "", start: performance.now(), end: 0, ua: String(req.headers["user-agent"]) };
      log.push(entry);
      res.on("finish", () => (entry.end = performance.now()));
      if (req.url === "/robots.txt") return res.end(robots);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return { base: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, log };
  }

  function client(overrides: Partial<PoliteOptions> = {}) {
    const waits: number[] = [];
    // A clock the recorded waits move on: the backoff's figures are checked without taking their time.
    let skipped = 0;
    const options: PoliteOptions = {
      userAgent: "Nianbao/test",
      robotsAgent: "Nianbao",
      delayMs: 0,
      maxTries: 3,
      backoffMs: 1000,
      maxRetryAfterMs: 60_000,
      maxRedirects: 5,
      limits: { connectTimeoutMs: 2000, totalTimeoutMs: 2000, maxBytes: 1024 * 1024 },
      allowsHost: (host) => host.startsWith("127.0.0.1"),
      sleep: async (ms) => {
        waits.push(ms);
        skipped += ms;
      },
      now: () => performance.now() + skipped,
      ...overrides,
    };
    return { client: new PoliteClient(options), waits };
  }

  it("backs off 5xx by doubling waits, honours Retry-After, and reports the URL failed after its tries", async () => {
    const { base } = await serve((req, res) => {
      if (req.url === "/down") return res.writeHead(503).end();
      res.writeHead(429, { "retry-after": "7" }).end();
    });
    const { client: c, waits } = client();
    expect(await c.get(`${base}/down`)).toEqual({ ok: false, reason: "HTTP 503 Service Unavailable (tried 3 times)", status: 503 });
    expect(waits.filter((w) => w > 900).map((w) => Math.round(w / 100) * 100)).toEqual([1000, 2000]);
    waits.length = 0;
    expect(await c.get(`${base}/busy`)).toMatchObject({ ok: false, reason: "HTTP 429 Too Many Requests (tried 3 times)" });
    expect(waits.filter((w) => w > 900).map((w) => Math.round(w / 1000))).toEqual([7, 7]);
  });

  it("does not wait for a Retry-After beyond its limit", async () => {
    const { base, log } = await serve((_req, res) => res.writeHead(503, { "retry-after": "3600" }).end());
    const { client: c, waits } = client();
    expect(await c.get(`${base}/x`)).toMatchObject({ ok: false, reason: expect.stringContaining("asked to retry after 3600 s") });
    expect(waits.every((w) => w < 3_600_000)).toBe(true);
    expect(log.filter((r) => r.path === "/x")).toHaveLength(1);
  });

  it("sends one request at a time to a host, with its User-Agent, and never a disallowed path", async () => {
    const { base, log } = await serve((_req, res) => setTimeout(() => res.end("<html>ok</html>"), 30));
    const { client: c } = client({ sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), delayMs: 20 });
    const answers = await Promise.all(["/a", "/b", "/c", "/no/d"].map((p) => c.get(`${base}${p}`)));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(answers[3]).toMatchObject({ reason: "disallowed by robots.txt", disallowed: true });
    expect(log.map((r) => r.path)).toEqual(["/robots.txt", "/a", "/b", "/c"]);
    for (let i = 1; i < log.length; i++) expect(log[i]!.start).toBeGreaterThanOrEqual(log[i - 1]!.end + 15);
    expect(new Set(log.map((r) => r.ua))).toEqual(new Set(["Nianbao/test"]));
  });

  it("crawls nothing of a site whose robots.txt answers 5xx", async () => {
    const { base, log } = await serve((_req, res) => res.end("x"));
    server!.removeAllListeners("request");
    server!.on("request", (req: IncomingMessage, res: ServerResponse) => {
      log.push({ path: req.url ?? "", start: 0, end: 0, ua: "" });
      res.writeHead(req.url === "/robots.txt" ? 500 : 200).end("x");
    });
    const { client: c } = client({ maxTries: 1 });
    expect(await c.get(`${base}/page`)).toMatchObject({ ok: false, reason: expect.stringContaining("robots.txt answered HTTP 500") });
    expect(log.map((r) => r.path)).toEqual(["/robots.txt"]);
  });

  it("follows redirects within a bound, never off the allowed hosts, and stops a loop", async () => {
    const { base } = await serve((req, res) => {
      const n = Number(req.url?.slice(2));
      if (req.url?.startsWith("/r")) return res.writeHead(302, { location: n < 9 ? `/r${n + 1}` : "/end" }).end();
      if (req.url === "/away") return res.writeHead(301, { location: "http://other.example/x" }).end();
      if (req.url === "/self") return res.writeHead(307, { location: "/self" }).end();
      res.end("end");
    });
    const { client: c } = client({ maxRedirects: 5 });
    expect(await c.get(`${base}/r6`)).toMatchObject({ ok: true, status: 200, url: `${base}/end` });
    expect(await c.get(`${base}/r1`)).toMatchObject({ ok: false, reason: "more than 5 redirects" });
    expect(await c.get(`${base}/away`)).toMatchObject({ ok: false, reason: "redirected off the site to other.example (not followed)" });
    expect(await c.get(`${base}/self`)).toMatchObject({ ok: false, reason: expect.stringContaining("redirect loop") });
  });

  it("limits the whole answer's time and the body's size, and sends conditional requests", async () => {
    const { base, log } = await serve((req, res) => {
      if (req.url === "/never") return res.writeHead(200).write("<html>");
      if (req.url === "/huge") return res.end(Buffer.alloc(2 * 1024 * 1024));
      if (req.headers["if-none-match"] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"' }).end("<html>v1</html>");
    });
    const { client: c } = client({ maxTries: 1, limits: { connectTimeoutMs: 1000, totalTimeoutMs: 300, maxBytes: 1024 * 1024 } });
    expect(await c.get(`${base}/never`)).toMatchObject({ ok: false, reason: "no complete answer within 0.3 s (tried 1 times)" });
    expect(await c.get(`${base}/huge`)).toMatchObject({ ok: false, reason: "file too large: 2.0 MB > 1 MB limit" });
    const first = await c.get(`${base}/page`);
    expect(first).toMatchObject({ ok: true, status: 200, headers: { etag: '"v1"' } });
    expect(await c.get(`${base}/page`, { etag: '"v1"' })).toMatchObject({ ok: true, status: 304 });
    expect(c.counts.notModified).toBe(1);
    expect(log.filter((r) => r.path === "/page")).toHaveLength(2);
  });
});

describe("the User-Agent", () => {
  it("names the project, and the contact given by --contact or $NIANBAO_CRAWL_CONTACT", () => {
    expect(userAgent(null)).toMatch(/^Nianbao\/\S+ \(reads government information disclosure annual reports; obeys robots\.txt/);
    expect(userAgent("mailto:desk@example.org")).toMatch(/^Nianbao\/\S+ \(\+mailto:desk@example\.org; reads/);
    const fromEnv = readWebOptions({}, { NIANBAO_CRAWL_CONTACT: "https://example.org/about" });
    expect(typeof fromEnv !== "string" && fromEnv.contact).toBe("https://example.org/about");
    const fromFlag = readWebOptions({ contact: "https://example.org/flag" }, { NIANBAO_CRAWL_CONTACT: "https://example.org/about" });
    expect(typeof fromFlag !== "string" && fromFlag.contact).toBe("https://example.org/flag");
    expect(readWebOptions({}, {})).toMatchObject({ contact: null });
  });

  it("refuses a contact that would break the header", () => {
    for (const bad of ["两个字", "a b", "x)y", "a;b", "line\nbreak"]) expect(readWebOptions({ contact: bad }, {})).toMatch(/--contact must be/);
  });
});
