import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chooseEncoding, declaredHtmlCharset, decodeText } from "../lib/ingest/decode";
import { readHtml } from "../lib/ingest/html";
import { readText } from "../lib/ingest/text";
import { encodeGbk } from "../lib/synth/render-html";

const SAMPLE = "济南公共资源交易中心2024年度政府信息公开工作年度报告\n一、总体情况\t6\t0\n";

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array(le);
}

describe("decodeText", () => {
  it("decodes UTF-8 with and without a BOM (the BOM is dropped)", () => {
    const plain = new TextEncoder().encode(SAMPLE);
    expect(decodeText(plain)).toBe(SAMPLE);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...plain]))).toBe(SAMPLE);
  });

  it("decodes UTF-16LE and UTF-16BE with a BOM, and UTF-16LE without one by its zero bytes", () => {
    expect(decodeText(new Uint8Array(Buffer.from(`\ufeff${SAMPLE}`, "utf16le")))).toBe(SAMPLE);
    expect(decodeText(utf16be(`\ufeff${SAMPLE}`))).toBe(SAMPLE);
    expect(chooseEncoding(new Uint8Array(Buffer.from(SAMPLE, "utf16le"))).encoding).toBe("utf-16le");
    expect(decodeText(new Uint8Array(Buffer.from(SAMPLE, "utf16le")))).toBe(SAMPLE);
    expect(decodeText(utf16be(SAMPLE))).toBe(SAMPLE);
  });

  it("decodes GBK bytes (written by Python) as GB18030, including GBK-only characters", () => {
    const bytes = new Uint8Array(readFileSync("tests/fixtures/readers/gbk-text/input.txt"));
    expect(chooseEncoding(bytes).encoding).toBe("gb18030");
    expect(decodeText(bytes)).toBe("济南公共资源交易中心2024年度政府信息公开工作年度报告\n一、总体情况\n2024年，中心接到依申请公开共计6件，喆镕。\n");
  });

  it("lets an HTML meta charset decide, but not against valid UTF-8 mislabelled as gb2312", () => {
    const gbk = new Uint8Array(readFileSync("tests/fixtures/readers/gbk-html/input.html"));
    expect(declaredHtmlCharset(gbk)).toBe("gb2312");
    expect(decodeText(gbk, "gb2312")).toContain("喆镕");
    const mislabelled = new TextEncoder().encode('<meta charset="gb2312"><p>年度报告</p>');
    expect(decodeText(mislabelled, declaredHtmlCharset(mislabelled))).toContain("年度报告");
    expect(declaredHtmlCharset(new TextEncoder().encode('<meta charset="utf-8">'))).toBe("utf-8");
    expect(declaredHtmlCharset(new TextEncoder().encode("<p>no meta</p>"))).toBeNull();
  });

  it("decodes a page by what its bytes are when the declared charset is wrong", () => {
    const text = "<p>济南公共资源交易中心2024年政府信息公开工作年度报告</p>".repeat(3);
    const utf8 = new TextEncoder().encode(text);
    const withStrayByte = new Uint8Array([...utf8.subarray(0, 3), 0xa0, ...utf8.subarray(3)]); // a pasted windows-1252 no-break space
    expect(chooseEncoding(withStrayByte, "gb2312").encoding).toBe("utf-8");
    const gbk = encodeGbk(text);
    expect(chooseEncoding(gbk, "utf-8").encoding).toBe("gb18030");
    expect(chooseEncoding(gbk, "iso-8859-1").encoding).toBe("gb18030");
    expect(decodeText(gbk, "latin1")).toBe(text);
  });

  it("keeps a declared charset the bytes fit", () => {
    const gbk = encodeGbk("<p>济南公共资源交易中心2024年度报告</p>");
    expect(chooseEncoding(gbk, "gb2312").encoding).toBe("gbk");
    expect(chooseEncoding(gbk.subarray(0, gbk.length - 5), "gbk").encoding).toBe("gbk"); // cut inside a character
    const latin1 = new Uint8Array(Buffer.from("<p>Caf\u00e9 cr\u00e8me, d\u00e9j\u00e0 vu</p>", "latin1"));
    expect(chooseEncoding(latin1, "iso-8859-1").encoding).toBe("windows-1252");
    expect(chooseEncoding(new TextEncoder().encode("<p>ascii only</p>"), "windows-1251").encoding).toBe("windows-1251");
    expect(chooseEncoding(new Uint8Array(Buffer.from(SAMPLE, "utf16le")), "gb2312").encoding).toBe("utf-16le");
  });

  it.each([
    ["html-charset-utf8-says-gb2312", "UTF-8 bytes (one stray 0xA0) under a gb2312 meta", 1],
    ["html-charset-gbk-says-utf8", "GBK bytes under <meta charset=utf-8>", 0],
    ["html-charset-gbk-says-latin1", "GBK bytes under an iso-8859-1 meta", 0],
  ])("reads %s (%s) as the page says it in Chinese", async (name, _what, strayBytes) => {
    const bytes = new Uint8Array(readFileSync(`tests/fixtures/${name}/input.html`));
    const { text } = await readHtml(bytes);
    expect(text.split("\n")[0]).toBe("济南公共资源交易中心2024年政府信息公开工作年度报告");
    expect(text).toContain("三、收到和处理政府信息公开申请情况");
    expect(text.match(/\uFFFD/g) ?? []).toHaveLength(strayBytes);
  });

  it("keeps UTF-8 with one stray bad byte as UTF-8 instead of reading it all as GB18030", () => {
    const bytes = new TextEncoder().encode(SAMPLE.repeat(3));
    const damaged = new Uint8Array([...bytes.subarray(0, 40), 0xff, ...bytes.subarray(40)]);
    expect(chooseEncoding(damaged).encoding).toBe("utf-8");
    expect(decodeText(damaged)).toContain("政府信息公开工作年度报告");
  });

  it("never throws on undecodable bytes", () => {
    expect(decodeText(new Uint8Array([0xff, 0x80, 0x41]))).toContain("A");
  });
});

describe("readText", () => {
  it("reads plain text as text/plain", async () => {
    const result = await readText(new TextEncoder().encode(SAMPLE));
    expect(result).toEqual({ text: SAMPLE, mediaType: "text/plain", pages: null, pageStarts: null });
  });

  it("reads Markdown: heading marks dropped, pipe tables as tab-separated rows without the |---| rule", async () => {
    const markdown =
      "# 某局2024年度报告\n\n## 二、主动公开\n\n| 信息内容 | 本年制发件数 | 现行有效件数 |\n|---|:---:|---|\n| 规章 | **0** | 3 |\n| 行政规范性文件 |  | 2 |\n\n正文 a|b\n";
    const result = await readText(new TextEncoder().encode(markdown));
    expect(result.mediaType).toBe("text/markdown");
    expect(result.text).toBe("某局2024年度报告\n\n二、主动公开\n\n信息内容\t本年制发件数\t现行有效件数\n规章\t0\t3\n行政规范性文件\t\t2\n\n正文 a|b\n");
  });
});
