/**
 * `npx tsx scripts/make-reader-fixtures.ts`: the web-page fixtures of the readers (tests/fixtures/readers-README.md),
 * one folder per case, each made from a committed document so that a rerun writes the same bytes:
 *
 * - html-fragment: the article fragment (`<div class=TRS_Editor>…</div>`, the tables whole) cut out of the real
 *   page tests/fixtures/real/html-lywtj_2023/lywtj_2023.html, as a CMS serves it to an aggregator.
 * - html-charset-*: the seed-000 page (tests/fixtures/formats-seed000-html/input.html) with a charset label
 *   that its bytes contradict.
 * - html-hidden-tables: the seed-000 page with superseded tables and rows kept in the markup under CSS.
 * - mht-*: the seed-000 page saved as one file by Chrome (quoted-printable, UTF-8) and by IE (base64, GBK).
 * - rtf-seed000: the seed-000 text as an RTF file (refused, with the format named).
 *
 * Needs nothing but the repository; tests never run it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse, type DefaultTreeAdapterTypes as DOM } from "parse5";
import { encodeGbk } from "../lib/synth/render-html";

const ROOT = join(import.meta.dirname, "..");
const FIXTURES = join(ROOT, "tests", "fixtures");
const REAL_PAGE = join(FIXTURES, "real", "html-lywtj_2023", "lywtj_2023.html");
const SEED_PAGE = join(FIXTURES, "formats-seed000-html", "input.html");
const SEED_TEXT = join(FIXTURES, "seed-000", "input.txt");
const MAX_BYTES = 300 * 1024;

// ---------------------------------------------------------------------------------------------
// html-fragment: one element of a real page, cut at its source offsets

function findByClass(node: DOM.ParentNode, className: string): DOM.Element | null {
  for (const child of node.childNodes) {
    if (!("tagName" in child)) continue;
    if (child.attrs.some((a) => a.name === "class" && a.value.split(/\s+/).includes(className))) return child;
    const found = findByClass(child, className);
    if (found) return found;
  }
  return null;
}

/** The bytes of the page's article element exactly as published (the page is UTF-8 and the cut is at tag boundaries). */
export function articleFragment(page: string, className: string): string {
  const element = findByClass(parse(page, { sourceCodeLocationInfo: true }), className);
  const location = element?.sourceCodeLocation;
  if (!location) throw new Error(`no element of class ${className}`);
  return page.slice(location.startOffset, location.endOffset);
}

// ---------------------------------------------------------------------------------------------
// html-charset-*: the seed page under a wrong label

function relabel(page: string, meta: string): string {
  const relabelled = page.replace('<meta charset="utf-8">', meta);
  if (relabelled === page) throw new Error('the seed page has no <meta charset="utf-8">');
  return relabelled;
}

/** UTF-8 bytes labelled gb2312, with one windows-1252 no-break space (0xA0) pasted into the text, so they are not strict UTF-8. */
function utf8LabelledGb2312(page: string): Uint8Array {
  const bytes = new TextEncoder().encode(relabel(page, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'));
  const at = Buffer.from(bytes).indexOf("<h2>");
  return new Uint8Array([...bytes.subarray(0, at), 0xa0, ...bytes.subarray(at)]);
}

// ---------------------------------------------------------------------------------------------
// html-hidden-tables: the figures a reader does not see differ from the ones the page shows

/** Every cell number plus 7, so that a hidden copy cannot pass for the visible table. */
function otherNumbers(table: string): string {
  return table.replace(/<td( colspan="\d+")?>(\d+)<\/td>/g, (_, span: string | undefined, n: string) => `<td${span ?? ""}>${Number(n) + 7}</td>`);
}

function tableOf(page: string, id: string): string {
  const match = new RegExp(`<table[^>]*data-table="${id}">[\\s\\S]*?</table>`).exec(page);
  if (!match) throw new Error(`no table ${id}`);
  return match[0];
}

function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) throw new Error(`"${search}" is not in the page exactly once`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

function hiddenTables(page: string): string {
  const applications = tableOf(page, "applications");
  const review = tableOf(page, "reviewLitigation");
  let html = page;
  // A draft 表三 before the real one, in a wrapper that is invisible but keeps its box.
  html = replaceOnce(
    html,
    applications,
    `<div style="visibility: hidden; height: 0; overflow: hidden">\n${otherNumbers(applications)}\n</div>\n${applications}`,
  );
  // A superseded 表二 row, removed by display:none (with a later shown declaration losing to !important).
  html = replaceOnce(
    html,
    "<tr><td>规章</td>",
    '<tr style="display: none !important; display: block"><td>规章</td><td>5</td><td>1</td><td>9</td></tr>\n<tr><td>规章</td>',
  );
  // A removed cell inside 表四's data row: the cells after it take its place, as a browser lays them out.
  html = replaceOnce(
    html,
    "<tbody>\n<tr><td>0</td>",
    '<tbody style="visibility: collapse"><tr><td>8</td><td>8</td><td>8</td><td>8</td><td>32</td></tr></tbody>\n<tbody>\n<tr><td style="display:none">3</td><td>0</td>',
  );
  // An old 表四 kept after the page with the hidden attribute.
  return html.replace("</body>", `<section hidden>\n<h2>四、政府信息公开行政复议、行政诉讼情况</h2>\n${otherNumbers(review)}\n</section>\n</body>`);
}

// ---------------------------------------------------------------------------------------------
// mht-*: MIME multipart/related, as browsers write it

/** The subject line browsers write: the page's title, here the agency (RFC 2047 encoded words). */
const AGENCY = "济南公共资源交易中心";

/** A tiny transparent GIF, the kind of image part every saved page carries. */
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/** quoted-printable (RFC 2045): bytes outside printable ASCII and `=` as =XX, lines soft-broken before 76 characters. */
function quotedPrintable(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (const line of Buffer.from(bytes).toString("latin1").split("\n")) {
    let encoded = "";
    for (const char of line.replace(/\r$/, "")) {
      const code = char.charCodeAt(0);
      encoded += code === 0x3d || code > 0x7e || (code < 0x20 && code !== 0x09) ? `=${code.toString(16).toUpperCase().padStart(2, "0")}` : char;
    }
    let rest = encoded;
    while (rest.length > 75) {
      let cut = 75;
      while (rest[cut - 1] === "=" || rest[cut - 2] === "=") cut--; // never split an =XX escape
      lines.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    lines.push(rest);
  }
  return lines.join("\r\n");
}

function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\r\n");
}

type MhtPart = { headers: string[]; body: string };

function mhtml(topHeaders: string[], boundary: string, parts: MhtPart[], preamble = ""): Uint8Array {
  const lines = [...topHeaders, "", preamble];
  for (const part of parts) lines.push(`--${boundary}`, ...part.headers, "", part.body, "");
  lines.push(`--${boundary}--`, "");
  return new Uint8Array(Buffer.from(lines.join("\r\n"), "latin1"));
}

function chromeMht(page: string): Uint8Array {
  const boundary = "----MultipartBoundary--3kQ8cXx1nZ0LbqWl2M4a9rYvTf6uJpHdOeS5wCgI7----";
  const url = "https://www.jinan.gov.cn/art/2025/1/20/art_1861_4960000.html";
  return mhtml(
    [
      "From: <Saved by Blink>",
      `Snapshot-Content-Location: ${url}`,
      `Subject: =?utf-8?Q?${[...new TextEncoder().encode(AGENCY)].map((b) => `=${b.toString(16).toUpperCase()}`).join("")}?=`,
      "Date: Mon, 20 Jan 2025 09:30:00 +0800",
      "MIME-Version: 1.0",
      "Content-Type: multipart/related;",
      '\ttype="text/html";',
      `\tboundary="${boundary}"`,
    ],
    boundary,
    [
      {
        headers: [
          "Content-Type: text/html",
          "Content-ID: <frame-5E1A3C2B9D@mhtml.blink>",
          "Content-Transfer-Encoding: quoted-printable",
          `Content-Location: ${url}`,
        ],
        body: quotedPrintable(new TextEncoder().encode(page)),
      },
      {
        headers: ["Content-Type: image/gif", "Content-Transfer-Encoding: base64", "Content-Location: https://www.jinan.gov.cn/images/logo.gif"],
        body: base64Lines(GIF),
      },
    ],
  );
}

/** IE's "Web 档案，单个文件": GBK bytes, base64, the charset only in the MIME header (the page's meta removed). */
function ieMht(page: string): Uint8Array {
  const boundary = "----=_NextPart_000_0000_01DB6A2F.4C1E8B30";
  const gbkPage = encodeGbk(page.replace('<meta charset="utf-8">\n', ""));
  return mhtml(
    [
      "From: <Saved by Windows Internet Explorer 11>",
      `Subject: =?gb2312?B?${Buffer.from(encodeGbk(AGENCY)).toString("base64")}?=`,
      "Date: Mon, 20 Jan 2025 09:30:00 +0800",
      "MIME-Version: 1.0",
      "Content-Type: multipart/related;",
      '\ttype="text/html";',
      `\tboundary="${boundary}"`,
      "X-MimeOLE: Produced By Microsoft MimeOLE V6.1.7601.24000",
    ],
    boundary,
    [
      {
        headers: [
          "Content-Type: text/html;",
          '\tcharset="gb2312"',
          "Content-Transfer-Encoding: base64",
          "Content-Location: http://jnggzyjy.jinan.gov.cn/art/2025/1/20/art_1.html",
        ],
        body: base64Lines(gbkPage),
      },
      {
        headers: ["Content-Type: image/gif", "Content-Transfer-Encoding: base64", "Content-Location: http://jnggzyjy.jinan.gov.cn/images/logo.gif"],
        body: base64Lines(GIF),
      },
    ],
    "This is a multi-part message in MIME format.\r\n",
  );
}

// ---------------------------------------------------------------------------------------------
// rtf-seed000: RTF as WordPad writes Chinese (\uN? escapes, one \par per line, \tab between cells)

function rtf(text: string): Uint8Array {
  const rtfEscape = (line: string) =>
    [...line]
      .map((char) => {
        const code = char.codePointAt(0)!;
        if (char === "\t") return "\\tab ";
        if (char === "\\" || char === "{" || char === "}") return `\\${char}`;
        if (code < 0x80) return char;
        return code > 0xffff
          ? `\\u${0xd800 + ((code - 0x10000) >> 10) - 0x10000}?\\u${0xdc00 + ((code - 0x10000) & 0x3ff) - 0x10000}?`
          : `\\u${code > 0x7fff ? code - 0x10000 : code}?`;
      })
      .join("");
  const body = text
    .split("\n")
    .map((line) => `${rtfEscape(line)}\\par`)
    .join("\r\n");
  return new TextEncoder().encode(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\r\n\\uc1\\pard\\f0\\fs21\r\n${body}\r\n}\r\n`);
}

// ---------------------------------------------------------------------------------------------

export function readerFixtures(): Record<string, Record<string, Uint8Array>> {
  const realPage = readFileSync(REAL_PAGE, "utf8");
  const seedPage = readFileSync(SEED_PAGE, "utf8");
  return {
    "html-fragment": { "input.html": new TextEncoder().encode(articleFragment(realPage, "TRS_Editor")) },
    "html-charset-utf8-says-gb2312": { "input.html": utf8LabelledGb2312(seedPage) },
    "html-charset-gbk-says-utf8": { "input.html": encodeGbk(seedPage) },
    "html-charset-gbk-says-latin1": { "input.html": encodeGbk(relabel(seedPage, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')) },
    "html-hidden-tables": { "input.html": new TextEncoder().encode(hiddenTables(seedPage)) },
    "mht-chrome-qp-utf8": { "input.mht": chromeMht(seedPage) },
    "mht-ie-base64-gbk": { "input.mht": ieMht(seedPage) },
    "rtf-seed000": { "input.rtf": rtf(readFileSync(SEED_TEXT, "utf8")) },
  };
}

function main(): void {
  for (const [name, files] of Object.entries(readerFixtures())) {
    const dir = join(FIXTURES, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, bytes] of Object.entries(files)) {
      if (bytes.length > MAX_BYTES) throw new Error(`${name}/${file}: ${bytes.length} bytes, more than ${MAX_BYTES}`);
      writeFileSync(join(dir, file), bytes);
      process.stdout.write(`tests/fixtures/${name}/${file} ${Math.round(bytes.length / 1024)} KB\n`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
