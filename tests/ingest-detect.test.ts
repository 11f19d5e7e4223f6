import { readFileSync } from "node:fs";
import { Document, Packer, Paragraph } from "docx";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { detectFormat } from "../lib/ingest/detect";

const utf8 = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/readers/${name}`));

/** Deterministic pseudo-random bytes (a binary that is no known format). */
function noise(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) bytes[i] = (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
  return bytes;
}

describe("detectFormat", () => {
  it("finds %PDF- at the start and after a few bytes of junk", () => {
    expect(detectFormat(utf8("%PDF-1.7\n1 0 obj"))).toBe("pdf");
    expect(detectFormat(new Uint8Array([0x0d, 0x0a, 0x00, 0xff, ...utf8("%PDF-1.4\n")]))).toBe("pdf");
  });

  it("takes a zip holding word/document.xml for DOCX and any other zip (xlsx) for unknown", async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("年报")] }] }));
    expect(detectFormat(new Uint8Array(docx))).toBe("docx");
    const xlsx = zipSync({ "[Content_Types].xml": utf8("<Types/>"), "xl/workbook.xml": utf8("<workbook/>") });
    expect(detectFormat(xlsx)).toBe("unknown");
  });

  it("takes OLE2 magic for DOC", () => {
    expect(detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]))).toBe("doc");
  });

  it("recognises HTML by its opening markup, also after IE's 'saved from url' comment and in GBK", () => {
    expect(detectFormat(utf8("<!DOCTYPE html><html><body>x</body></html>"))).toBe("html");
    expect(detectFormat(utf8("<!-- saved from url=(0043)http://www.gov.cn/ -->\r\n<html>"))).toBe("html");
    expect(detectFormat(utf8("  <table><tr><td>1</td></tr></table>"))).toBe("html");
    expect(detectFormat(utf8('<meta charset="utf-8"><p>x</p>'))).toBe("html");
    expect(detectFormat(fixture("gbk-html/input.html"))).toBe("html");
  });

  it("reads an HTML fragment without <html> or <body> as HTML (a CMS article body cut from a real page)", () => {
    expect(detectFormat(new Uint8Array(readFileSync("tests/fixtures/html-fragment/input.html")))).toBe("html");
    expect(detectFormat(utf8("<div class=TRS_Editor><p style='text-align:center;'>某局2024年度报告</p></div>"))).toBe("html");
    expect(detectFormat(utf8('\n  <p style="text-align: center">某局</p>'))).toBe("html");
    expect(detectFormat(utf8("<span>某局</span><br>一、总体情况"))).toBe("html");
    expect(detectFormat(utf8("<style>p{margin:0}</style><p>某局</p>"))).toBe("html");
    expect(detectFormat(utf8("<!-- article 86620 -->\n某局2024年度报告"))).toBe("html");
  });

  it("reads text whose first line is plain but which holds a <table> with rows as HTML", () => {
    expect(detectFormat(utf8("某局2024年度政府信息公开工作年度报告\n<table border=1>\n<TR><td>规章</td><td>0</td></tr></table>"))).toBe("html");
    expect(detectFormat(utf8("某局2024年度报告\n表格见<table>（附件）\n"))).toBe("text");
  });

  it("keeps plain text with an occasional < as text (《》 typed as <>, comparisons, Word comments in a crawl)", () => {
    expect(detectFormat(utf8("<政府信息公开信息处理费管理办法>规定\n一、总体情况\n"))).toBe("text");
    expect(detectFormat(utf8("一、总体情况\n办理时限<20个工作日\t6\t0\n"))).toBe("text");
    expect(detectFormat(utf8("<!-- page 1 -->\n# 某局2024年度报告\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n"))).toBe("text");
    const crawled = new Uint8Array(readFileSync("tests/fixtures/real/pingtan-001_pingtan_czjrj_2021/001_pingtan_czjrj_2021.txt"));
    expect(new TextDecoder().decode(crawled)).toContain("<!--[if !supportLists]-->");
    expect(detectFormat(crawled)).toBe("text");
  });

  it("takes an MHT web archive (MIME multipart/related) for mht and RTF for rtf, by content", () => {
    expect(detectFormat(new Uint8Array(readFileSync("tests/fixtures/mht-chrome-qp-utf8/input.mht")))).toBe("mht");
    expect(detectFormat(new Uint8Array(readFileSync("tests/fixtures/mht-ie-base64-gbk/input.mht")))).toBe("mht");
    expect(detectFormat(utf8('MIME-Version: 1.0\r\nContent-Type: Multipart/Related;\r\n\tboundary="b"\r\n\r\n--b\r\n'))).toBe("mht");
    expect(detectFormat(utf8("Content-Type: text/plain\r\n\r\n一、总体情况\n"))).toBe("text");
    expect(detectFormat(new Uint8Array(readFileSync("tests/fixtures/rtf-seed000/input.rtf")))).toBe("rtf");
    expect(detectFormat(utf8("\ufeff\r\n{\\rtf1\\ansi 年报}"))).toBe("rtf");
  });

  it("takes UTF-8, UTF-16 and GBK text for text, without looking at any name", () => {
    expect(detectFormat(utf8("一、总体情况\n2024年"))).toBe("text");
    expect(detectFormat(new Uint8Array(Buffer.from("\ufeff一、总体情况\n2024年", "utf16le")))).toBe("text");
    expect(detectFormat(new Uint8Array(Buffer.from("一、总体情况 2024 年，共 6 件\n", "utf16le")))).toBe("text");
    expect(detectFormat(fixture("gbk-text/input.txt"))).toBe("text");
    const gbk = fixture("gbk-text/input.txt");
    expect(detectFormat(gbk.subarray(0, gbk.length - 4))).toBe("text"); // cut inside a two-byte character
  });

  it("calls random binary and control-character soup unknown", () => {
    expect(detectFormat(noise(4096))).toBe("unknown");
    expect(detectFormat(new Uint8Array(200).fill(1))).toBe("unknown");
    expect(detectFormat(new Uint8Array(0))).toBe("unknown");
  });
});
