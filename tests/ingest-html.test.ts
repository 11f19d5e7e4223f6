import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { htmlToText, readHtml } from "../lib/ingest/html";
import { reportFromBytes } from "../lib/pipeline/job";
import { parseReport } from "../lib/report/parse";

/** tests/fixtures/seed-000/input.txt is /work/shared/seeds/000_b4828625506371c4.txt, committed. */
const seedText = (n: number) => readFileSync(`tests/fixtures/seed-00${n}/input.txt`, "utf8");
const SEED_000 = seedText(0);
const utf8 = (text: string) => new TextEncoder().encode(text);
const htmlEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A seed text as a saved web page: runs of tab-separated lines become <table>s, other lines <p>s. */
function seedToHtml(text: string, options: { title?: string } = {}): string {
  const body: string[] = [];
  let rows: string[] = [];
  const endTable = () => {
    if (rows.length) body.push(`<table border="1">\n${rows.join("\n")}\n</table>`);
    rows = [];
  };
  for (const line of text.split("\n")) {
    if (line.includes("\t")) {
      rows.push(
        `<tr>${line
          .split("\t")
          .map((cell) => `<td>${cell.trim() ? htmlEscape(cell) : "&nbsp;"}</td>`)
          .join("")}</tr>`,
      );
      continue;
    }
    endTable();
    if (line.trim()) body.push(`<p>${htmlEscape(line)}</p>`);
  }
  endTable();
  const head = options.title ? `<title>${htmlEscape(options.title)}</title>` : "";
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8">${head}<script>document.write("<p>一、总体情况</p>")</script></head>\n<body>\n${body.join("\n")}\n</body></html>`;
}

function parsed(text: string) {
  const outcome = parseReport(text);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
}

describe("readHtml", () => {
  it("expands rowspan and colspan by occupancy; a spanned cell counts once", async () => {
    const html = `<table>
      <tr><th rowspan="2">类别</th><th colspan="3">申请人情况</th><th rowspan="2">总计</th></tr>
      <tr><th>自然人</th><th>商业企业</th><th>其他</th></tr>
      <tr><td>本年新收</td><td>6</td><td>0</td><td>1</td><td>7</td></tr>
    </table>`;
    const result = await readHtml(utf8(html));
    expect(result).toEqual({
      text: "类别\t申请人情况\t总计\n自然人\t商业企业\t其他\n本年新收\t6\t0\t1\t7",
      mediaType: "text/html",
      pages: null,
      pageStarts: null,
    });
  });

  it("stops rowspans (also rowspan=0 and absurd ones) at the end of the table", () => {
    const html = `<table><tr><td rowspan="0">a</td><td>1</td></tr><tr><td>2</td></tr></table><table><tr><td rowspan="99999">b</td><td colspan="2">3</td></tr></table>`;
    expect(htmlToText(html)).toBe("a\t1\n2\nb\t3");
  });

  it("joins <p> and <br> pieces of a cell without separators and empties &nbsp;-only cells", () => {
    const html = "<table><tr><td><p>（二）部分公开</p><p>（区分处理的）</p></td><td>&nbsp;</td><td> &nbsp;&#12288; </td><td>10<br/>0</td></tr></table>";
    expect(htmlToText(html)).toBe("（二）部分公开（区分处理的）\t\t\t100");
  });

  it("emits a table nested in a <td> right after the outer row, outside the outer cell's text", () => {
    const html = `<table>
      <tr><td>前</td><td><p>前置文字</p><table><tr><td>内层A</td><td>1</td></tr><tr><td>内层B</td><td>2</td></tr></table><p>后置文字</p></td></tr>
      <tr><td>后</td><td>3</td></tr>
    </table>`;
    expect(htmlToText(html)).toBe("前\t前置文字后置文字\n内层A\t1\n内层B\t2\n后\t3");
  });

  it("lets tables split across <table> elements follow one another, and breaks lines at blocks", () => {
    const html =
      "<div>表三<span>（续）</span></div><table><tr><td>a</td><td>1</td></tr></table><table><tr><td>b</td><td>2</td></tr></table><p>五、存在的主要问题<br>下一步</p>";
    expect(htmlToText(html)).toBe("表三（续）\na\t1\nb\t2\n五、存在的主要问题\n下一步");
  });

  it("skips script/style/noscript/hidden elements, and joins CJK lines broken in the source", () => {
    const html =
      "<body><style>p{}</style><script>x=1</script><noscript>请启用</noscript><div hidden>隐藏</div><div style='display: none'>不显示</div><p>政府信息\n   公开 2024\n年</p></body>";
    expect(htmlToText(html)).toBe("政府信息公开 2024 年");
  });

  it("drops what CSS hides: visibility:hidden and display:none on a table or an ancestor, the hidden attribute", () => {
    const table = (n: number) => `<table><tr><td>规章</td><td>${n}</td></tr></table>`;
    const html = [
      `<div style="visibility: hidden; height: 0">${table(1)}</div>`,
      `<table style="VISIBILITY:collapse"><tr><td>规章</td><td>2</td></tr></table>`,
      `<section hidden><div>${table(3)}</div></section>`,
      `<div style="color: red; display : none ;">${table(4)}</div>`,
      table(5),
    ].join("");
    expect(htmlToText(html)).toBe("规章\t5");
  });

  it("lets the cascade of an inline style decide: the last declaration wins unless an earlier one is !important", () => {
    expect(htmlToText("<p style='display:none; display:block'>见</p><p style='display:none !important;display:block'>藏</p>")).toBe("见");
    expect(htmlToText("<p style='visibility:hidden;visibility:visible'>见</p><p style='visibility: hidden'>藏</p>")).toBe("见");
  });

  it("drops hidden rows and row groups of a shown table, and lays out hidden cells as a browser does", () => {
    const html = `<table>
      <tbody hidden><tr><td>规章</td><td>9</td><td>9</td></tr></tbody>
      <tbody style="visibility:hidden"><tr><td>规章</td><td>8</td><td>8</td></tr></tbody>
      <tr style="display:none"><td>规章</td><td>7</td><td>7</td></tr>
      <tr><td>规章</td><td style="display:none">6</td><td>0</td><td>1</td></tr>
      <tr><td>行政规范性文件</td><td style="visibility:hidden">5</td><td>2</td></tr>
      <caption hidden>旧表</caption>
    </table>`;
    // A display:none cell leaves no place (the next cell moves left); a visibility:hidden one stays, empty.
    expect(htmlToText(html)).toBe("规章\t0\t1\n行政规范性文件\t\t2");
  });

  it("reads the cells of a layout table without its hidden rows and cells", () => {
    const article = "<p>2024年，本机关坚持以公开为常态、不公开为例外。</p>".repeat(20);
    const html = `<table><tr style="display:none"><td>旧版正文</td></tr><tr><td style="visibility:hidden">导航</td><td>${article}</td></tr></table>`;
    const lines = htmlToText(html).split("\n");
    expect(lines).toHaveLength(20);
    expect(lines.every((line) => line === "2024年，本机关坚持以公开为常态、不公开为例外。")).toBe(true);
  });

  it("reads a page laid out in a table (a whole article in one <td>) as paragraphs, not as one cell", () => {
    const article = `<p>一、总体情况</p>${"<p>2024年，本机关坚持以公开为常态、不公开为例外。</p>".repeat(20)}`;
    const html = `<table><tr><td>导航</td><td>${article}<table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>`;
    const lines = htmlToText(html).split("\n");
    expect(lines.slice(0, 3)).toEqual(["导航", "一、总体情况", "2024年，本机关坚持以公开为常态、不公开为例外。"]);
    expect(lines.at(-1)).toBe("规章\t0");
  });

  it("puts the <title> first when the body does not start with it", () => {
    expect(htmlToText("<title>某局2024年度报告</title><body><p>首页</p></body>")).toBe("某局2024年度报告\n首页");
    expect(htmlToText("<title>某局 2024年度报告</title><body><h1>某局2024年度</h1><p>报告</p></body>")).toBe("某局2024年度\n报告");
  });

  it("decodes a GBK page by its meta charset (gb2312 label, GBK-only characters)", async () => {
    const result = await readHtml(new Uint8Array(readFileSync("tests/fixtures/readers/gbk-html/input.html")));
    expect(result.text).toBe(
      [
        "某县审计局2024年度政府信息公开工作年度报告",
        "首页 > 政务公开",
        "一、总体情况",
        "2024年，本局（喆镕）坚持公开。",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0",
        "行政规范性文件\t\t1\t2",
      ].join("\n"),
    );
  });
});

/** The report a file parses to, read as any file is (readDocument picks the reader from the bytes). */
async function reportOfFile(path: string) {
  const outcome = await reportFromBytes(path, readFileSync(path));
  if (!outcome.ok) throw new Error(`${path}: ${outcome.reason}`);
  return outcome.report;
}

/** What a page's report is: who, when, which template and every cell of 表二, 表三 and 表四. */
const reportFacts = (report: Awaited<ReturnType<typeof reportOfFile>>) => ({
  agency: report.agency,
  year: report.year,
  period: [report.periodStart, report.periodEnd],
  formatVersion: report.formatVersion,
  proactive: report.proactive,
  applications: report.applications,
  reviewLitigation: report.reviewLitigation,
});

describe("deeply nested HTML", () => {
  const nested = (open: string, close: string, depth: number, inner = "x") => `<html><body>${open.repeat(depth)}${inner}${close.repeat(depth)}</body></html>`;

  it("refuses 20,000 nested <div> with the depth as reason, not a stack overflow", async () => {
    const result = await reportFromBytes("deep.html", utf8(nested("<div>", "</div>", 20_000)));
    expect(result).toEqual({ ok: false, path: "deep.html", reason: "HTML nested 20002 elements deep (more than 1000): not read as a report" });
  });

  it("refuses tables nested 1,000 deep the same way, and reads a page nested 900 deep", async () => {
    const tables = await reportFromBytes("tables.html", utf8(nested("<table><tr><td>", "</td></tr></table>", 1000)));
    expect(tables).toMatchObject({ ok: false, reason: expect.stringMatching(/^HTML nested 400\d elements deep \(more than 1000\)/) });
    expect(htmlToText(nested("<div>", "</div>", 900, "政府信息公开"))).toBe("政府信息公开");
    expect(htmlToText(nested("<table><tr><td>", "</td></tr></table>", 240, "政府信息公开"))).toContain("政府信息公开");
  });
});

describe("web pages as portals serve them (scripts/make-reader-fixtures.ts)", () => {
  it("reads the article fragment cut from a real page as the whole page: agency, year, 表二, 表三, 表四", async () => {
    const fragment = await reportOfFile("tests/fixtures/html-fragment/input.html");
    const page = await reportOfFile("tests/fixtures/real/html-lywtj_2023/lywtj_2023.html");
    expect(fragment.source.mediaType).toBe("text/html");
    expect(fragment.agency).toBe("平潭综合实验区旅游与文化体育局");
    expect(fragment.year).toBe(2023);
    expect(reportFacts(fragment)).toEqual(reportFacts(page));
  });

  it("reads a page whose superseded tables, rows and cells are hidden with CSS as the page shows it", async () => {
    const hidden = await reportOfFile("tests/fixtures/html-hidden-tables/input.html");
    const shown = await reportOfFile("tests/fixtures/formats-seed000-html/input.html");
    expect(reportFacts(hidden)).toEqual(reportFacts(shown));
    expect(hidden.issues.map((issue) => issue.code)).toEqual(shown.issues.map((issue) => issue.code));
  });
});

describe("seed 000 as an HTML page", () => {
  const direct = parsed(SEED_000);

  it("parses to the same 表二, 表三 and 表四 as the seed text", async () => {
    const html = seedToHtml(SEED_000);
    // 表二 and 表三 are interrupted by blank lines in the seed, so they come out as split tables, like page-split tables.
    expect(html.match(/<table/g)).toHaveLength(5);
    const fromHtml = parsed((await readHtml(utf8(html))).text);
    expect(fromHtml.applications).toEqual(direct.applications);
    expect(fromHtml.reviewLitigation).toEqual(direct.reviewLitigation);
    expect(fromHtml.proactive).toEqual(direct.proactive);
    expect(fromHtml.agency).toBe("济南公共资源交易中心");
    expect(fromHtml.year).toBe(2024);
  });

  it("still finds agency and year when the title is only in <title> (as saved pages often have it)", async () => {
    const [titleLine, ...rest] = SEED_000.trim().split("\n");
    const html = seedToHtml(rest.join("\n"), { title: `${titleLine!.trim()}_济南市人民政府` });
    const fromHtml = parsed((await readHtml(utf8(html))).text);
    expect(fromHtml.agency).toBe(direct.agency);
    expect(fromHtml.year).toBe(direct.year);
    expect(fromHtml.applications).toEqual(direct.applications);
  });

  it.each([1, 2, 3, 4])("seed 00%i round-trips through HTML too", async (n) => {
    const text = seedText(n);
    const fromHtml = parsed((await readHtml(utf8(seedToHtml(text)))).text);
    const fromText = parsed(text);
    expect([fromHtml.applications, fromHtml.reviewLitigation, fromHtml.proactive]).toEqual([
      fromText.applications,
      fromText.reviewLitigation,
      fromText.proactive,
    ]);
    expect(fromHtml.formatVersion).toBe(fromText.formatVersion);
  });
});

describe("readHtml: merged cells of real pages", () => {
  it("repeats a 0 merged down over several rows in each of them, and nothing else (html-scjgj_2022's （六）)", async () => {
    const html = `<table><tr><td rowspan="3">（六）其他处理</td><td>1.逾期不补正</td><td rowspan="3">0</td><td rowspan="2">5</td></tr>
      <tr><td>2.逾期未缴费</td></tr><tr><td>3.其他</td><td>1</td></tr></table>`;
    const { text } = await readHtml(utf8(html));
    expect(text.split("\n").filter(Boolean)).toEqual(["（六）其他处理\t1.逾期不补正\t0\t5", "2.逾期未缴费\t0", "3.其他\t0\t1"]);
  });
});
