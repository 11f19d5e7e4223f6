import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { encodeGbk } from "../../lib/synth/render-html";
import { FIXTURES } from "./fixtures";

/**
 * A government site on 127.0.0.1 (port 0) for the crawler's tests, built from the real pages of
 * tests/fixtures/crawl-site/ (README there) and the format fixtures as attachments:
 *
 * - `COLUMN`: the real 政府信息公开年报 list page of 平潭综合实验区市场监督管理局, its ten entries served as report pages
 *   whose report is in the body (two real pages), an iframe (a real page), a PDF, DOCX, DOC or WPS attachment, a
 *   GBK body under a lying charset, or under a robots.txt Disallow (2019's);
 * - `GBK_COLUMN`: a GBK list paginated by TRS's `createPageHTML(3, 0, "index", "html")` script, its meta charsets
 *   right, lying or missing, and its entries GBK pages;
 * - `HOSTILE_COLUMN`: a list paginated with `?page=2` whose entries answer 404, 429 with Retry-After then the
 *   report, a redirect loop, a redirect to another host, a body that never finishes, and a PDF over the size limit.
 *
 * Every file has an ETag and a Last-Modified, and a conditional request for an unchanged file is answered 304.
 * The log keeps every request with its time.
 */

export const COLUMN = "/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqscj/zfxxgknb/";
export const GBK_COLUMN = "/xxgk/ndbg/";
export const HOSTILE_COLUMN = "/hostile/list.jsp";
export const DISALLOWED = `${COLUMN}202001/`;

const read = (path: string) => readFileSync(join(FIXTURES, path));
/** The real pages of tests/fixtures/real/ the site serves (tests/fixtures/crawl-site/README.md says where). */
const realPage = (name: string) => readFileSync(join(FIXTURES, "real", name));

type Answer = { status?: number; type?: string; body: Uint8Array; headers?: Record<string, string> };
type Route = (req: IncomingMessage, res: ServerResponse, count: number) => Answer | null;

const html = "text/html";

/** A report's page whose body only points at its attachment (as many CMSs publish a report). */
function attachmentPage(title: string, href: string, label: string): Answer {
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}_平潭综合实验区党工委管委会</title></head>
<body><div class="article"><h1>${title}</h1><p>发布时间：2024-01-31</p><p>详见附件。</p>
<p>附件：<a href="${href}">${label}</a></p></div></body></html>`;
  return { type: "text/html; charset=utf-8", body: Buffer.from(page) };
}

function iframePage(title: string, src: string): Answer {
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><iframe src="${src}" width="100%" height="900"></iframe></body></html>`;
  return { type: "text/html; charset=utf-8", body: Buffer.from(page) };
}

/** A GBK list page: `meta` is its charset declaration (or none), the pager a TRS script. */
function gbkList(page: number, meta: string, entries: [string, string][]): Answer {
  const items = entries.map(([href, title]) => `<li><a href="${href}" title="${title}">${title}</a><span>2024-01-2${page}</span></li>`).join("\n");
  const text = `<html><head>${meta}<title>年度报告_信息公开</title></head><body><div class="list"><ul>
${items}
</ul></div><div class="page"><script type="text/javascript">createPageHTML(3, ${page}, "index", "html");</script></div></body></html>`;
  return { type: "text/html", body: encodeGbk(text) };
}

function routes(): Map<string, Route> {
  const fixed =
    (answer: Answer): Route =>
    () =>
      answer;
  const map = new Map<string, Route>();
  const c = (path: string) => `${COLUMN}${path}`;
  map.set("/robots.txt", () => null); // answered by the server from its options
  map.set(COLUMN, fixed({ type: "text/html; charset=utf-8", body: realPage("html-scjgj_list/scjgj_list.html") }));
  map.set(c("202601/t20260123_104786.htm"), fixed(iframePage("平潭综合实验区市场监督管理局2025年度政府信息公开工作年度报告", "/content/lywtj_2023.html")));
  map.set("/content/lywtj_2023.html", fixed({ type: "text/html; charset=utf-8", body: realPage("html-lywtj_2023/lywtj_2023.html") }));
  map.set(
    c("202501/t20250127_97007.htm"),
    fixed(attachmentPage("平潭综合实验区市场监督管理局2024年度政府信息公开工作年度报告", "./P020250127.docx", "2024年度报告.docx")),
  );
  map.set(c("202501/P020250127.docx"), fixed({ type: "application/octet-stream", body: read("formats-seed001-docx/input.docx") }));
  map.set(
    c("202401/t20240131_86740.htm"),
    fixed(attachmentPage("平潭综合实验区市场监督管理局2023年度政府信息公开工作年度报告", "/attach/P020240131.pdf", "2023年度报告.pdf")),
  );
  map.set("/attach/P020240131.pdf", fixed({ type: "application/pdf", body: read("formats-seed000-pdf/input.pdf") }));
  map.set(c("202301/t20230105_80615.htm"), fixed({ type: "text/html; charset=utf-8", body: realPage("html-scjgj_2022/scjgj_2022.html") }));
  map.set(
    c("202201/t20220107_80597.htm"),
    fixed(attachmentPage("平潭综合实验区市场监督管理局2021年度政府信息公开工作年度报告", "P020220107.doc", "2021年度报告.doc")),
  );
  map.set(c("202201/P020220107.doc"), fixed({ type: "application/msword", body: read("formats-busy2021-doc/input.doc") }));
  map.set(c("202101/t20210127_80581.htm"), fixed({ type: "text/html", body: realPage("html-shsyj_2023/shsyj_2023.html") }));
  map.set(c("202001/t20200117_80574.htm"), fixed({ type: "text/html", body: realPage("html-shsyj_2023/shsyj_2023.html") }));
  // GBK bytes under a Content-Type that says UTF-8 and a meta that says gbk.
  map.set(c("201901/t20190122_80543.htm"), fixed({ type: "text/html; charset=utf-8", body: read("formats-busy2019-gbk-html/input.gbk.html") }));
  map.set(
    c("201801/t20180125_80515.htm"),
    fixed(attachmentPage("平潭综合实验区市场监督管理局2017年度政府信息公开工作年度报告", "P020180125.pdf", "2017年度报告.pdf")),
  );
  map.set(c("201801/P020180125.pdf"), fixed({ type: "application/pdf", body: read("formats-busy2019-pdf/input.pdf") }));
  map.set(c("201701/t20170112_80479.htm"), fixed(attachmentPage("平潭市场监督管理局2016年度政府信息公开工作年度报告", "P020170112.wps", "2016年度报告.wps")));
  map.set(c("201701/P020170112.wps"), fixed({ type: "application/kswps", body: read("formats-busy2021-docx/input.docx") }));

  const entries: [string, string][][] = [
    [["./202401/t20240125_1.html", "济南公共资源交易中心2024年度政府信息公开工作年度报告"]],
    [["./202101/t20210120_2.html", "济宁市公共资源交易服务中心嘉祥分中心2020年政府信息公开工作年度报告"]],
    [
      ["./202401/t20240126_3.html", "宁波市镇海区教育局2023年度政府信息公开工作年报"],
      ["./202401/t20240126_4.html", "关于开展政务公开培训的通知"],
    ],
  ];
  map.set(GBK_COLUMN, fixed(gbkList(0, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', entries[0]!)));
  map.set(`${GBK_COLUMN}index.html`, fixed(gbkList(0, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', entries[0]!)));
  map.set(`${GBK_COLUMN}index_1.html`, fixed(gbkList(1, '<meta charset="utf-8">', entries[1]!)));
  map.set(`${GBK_COLUMN}index_2.html`, fixed(gbkList(2, "", entries[2]!)));
  map.set(`${GBK_COLUMN}202401/t20240125_1.html`, fixed({ type: "text/html", body: read("formats-seed000-gbk-html/input.gbk.html") }));
  map.set(`${GBK_COLUMN}202101/t20210120_2.html`, fixed({ type: "text/html; charset=iso-8859-1", body: read("formats-seed001-gbk-html/input.gbk.html") }));
  map.set(`${GBK_COLUMN}202401/t20240126_3.html`, fixed({ type: "text/html", body: read("formats-busy2021-gbk-html/input.gbk.html") }));

  map.set(HOSTILE_COLUMN, (req) => {
    const page = new URL(req.url ?? "/", "http://x").searchParams.get("page") ?? "1";
    const links =
      page === "1"
        ? [
            ["gone.htm", "某局2023年度政府信息公开工作年度报告（已删除）"],
            ["busy.htm", "济南公共资源交易中心2024年度政府信息公开工作年度报告"],
            ["loop-a.htm", "某局2022年度政府信息公开工作年度报告"],
          ]
        : [
            ["slow.htm", "某局2021年度政府信息公开工作年度报告"],
            ["away.htm", "某局2020年度政府信息公开工作年度报告"],
            ["big.pdf", "某局2019年度政府信息公开工作年度报告"],
          ];
    const body = `<html><head><meta charset="utf-8"><title>年报栏目</title></head><body><ul>${links.map(([href, title]) => `<li><a href="${href}">${title}</a></li>`).join("")}</ul>
<a href="list.jsp?page=${page === "1" ? 2 : 1}">${page === "1" ? "下一页" : "上一页"}</a></body></html>`;
    return { type: "text/html; charset=utf-8", body: Buffer.from(body) };
  });
  map.set("/hostile/gone.htm", fixed({ status: 404, type: html, body: Buffer.from("<h1>404</h1>") }));
  map.set("/hostile/busy.htm", (_req, _res, count) =>
    count === 1
      ? { status: 429, type: html, body: Buffer.from("slow down"), headers: { "retry-after": "1" } }
      : { type: "text/html; charset=utf-8", body: read("formats-seed000-html/input.html") },
  );
  map.set("/hostile/loop-a.htm", fixed({ status: 302, type: html, body: Buffer.alloc(0), headers: { location: "/hostile/loop-b.htm" } }));
  map.set("/hostile/loop-b.htm", fixed({ status: 301, type: html, body: Buffer.alloc(0), headers: { location: "/hostile/loop-a.htm" } }));
  map.set("/hostile/big.pdf", fixed({ type: "application/pdf", body: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(1_200_000, 32)]) }));
  map.set("/hostile/slow.htm", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.write("<html><body><h1>某局2021年度政府信息公开工作年度报告</h1>");
    return null; // never ends
  });
  map.set("/hostile/away.htm", (req, res) => {
    res.writeHead(302, { location: `http://localhost:${(req.socket.address() as AddressInfo).port}/hostile/busy.htm` });
    res.end();
    return null;
  });
  return map;
}

export type SiteRequest = { path: string; at: number; headers: IncomingMessage["headers"] };
export type SiteOptions = { crawlDelay?: number };

export type Site = {
  base: string;
  log: SiteRequest[];
  /** Request paths (with queries), in order; robots.txt included. */
  paths: () => string[];
  close: () => Promise<void>;
};

export async function startSite(options: SiteOptions = {}): Promise<Site> {
  const table = routes();
  const log: SiteRequest[] = [];
  const counts = new Map<string, number>();
  const modified = new Date("2026-11-30T08:00:00Z").toUTCString();
  const robots = [
    "# the crawler's tests: a path it must never request, and a delay",
    "User-agent: *",
    `Disallow: ${DISALLOWED}`,
    "Disallow: /private/",
    ...(options.crawlDelay === undefined ? [] : [`Crawl-delay: ${options.crawlDelay}`]),
    "",
    "User-agent: SomeOtherBot",
    "Disallow: /",
  ].join("\n");
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://site");
    log.push({ path: `${url.pathname}${url.search}`, at: performance.now(), headers: req.headers });
    const count = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, count);
    if (url.pathname === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end(robots);
    }
    const route = table.get(url.pathname);
    if (!route) {
      res.writeHead(404, { "content-type": html });
      return res.end("not found");
    }
    open.add(res);
    res.on("close", () => open.delete(res));
    const answer = route(req, res, count);
    if (!answer) return;
    const etag = `"${createHash("sha256").update(answer.body).digest("hex").slice(0, 16)}"`;
    const status = answer.status ?? 200;
    if (status === 200 && (req.headers["if-none-match"] === etag || req.headers["if-modified-since"] === modified)) {
      res.writeHead(304, { etag, "last-modified": modified });
      return res.end();
    }
    const headers = { "content-type": answer.type ?? html, ...(status === 200 ? { etag, "last-modified": modified } : {}), ...answer.headers };
    res.writeHead(status, headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    log,
    paths: () => log.map((r) => r.path),
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
