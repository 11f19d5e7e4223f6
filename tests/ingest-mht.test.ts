import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readMht } from "../lib/ingest/mht";
import { readDocument } from "../lib/ingest/read";
import { ReadError } from "../lib/ingest/types";
import { reportFromBytes } from "../lib/pipeline/job";
import { encodeGbk } from "../lib/synth/render-html";

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

/** A minimal archive: message headers, then the given parts between `--b` lines (CRLF, as every writer uses). */
function archive(parts: string[], contentType = 'multipart/related; type="text/html"; boundary="b"'): Uint8Array {
  return new TextEncoder().encode(
    [`MIME-Version: 1.0`, `Content-Type: ${contentType}`, "", ...parts.flatMap((part) => ["--b", part]), "--b--", ""].join("\r\n"),
  );
}

async function reason(bytes: Uint8Array): Promise<string> {
  const error = await readMht(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReadError);
  return (error as ReadError).reason;
}

async function reportOfFile(path: string) {
  const outcome = await reportFromBytes(path, readFileSync(path));
  if (!outcome.ok) throw new Error(`${path}: ${outcome.reason}`);
  return outcome.report;
}

describe("readMht", () => {
  it.each(["mht-chrome-qp-utf8", "mht-ie-base64-gbk"])("reads %s as the page it was saved from", async (name) => {
    const mht = await reportOfFile(`tests/fixtures/${name}/input.mht`);
    const page = await reportOfFile("tests/fixtures/formats-seed000-html/input.html");
    expect(mht.source.mediaType).toBe("multipart/related");
    const { source: _mhtSource, ...fromMht } = mht;
    const { source: _pageSource, ...fromPage } = page;
    expect(fromMht).toEqual(fromPage);
  });

  it("decodes quoted-printable (soft line breaks, =XX bytes split across lines) in the part's charset", async () => {
    const gbk = Buffer.from(encodeGbk("<p>年度报告</p>"));
    const qp = [...gbk].map((b) => (b >= 0x80 ? `=${b.toString(16).toUpperCase()}` : String.fromCharCode(b))).join("");
    const wrapped = `${qp.slice(0, 9)}=\r\n${qp.slice(9)}`;
    const bytes = archive([`Content-Type: text/html; charset="gbk"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${wrapped}`]);
    expect((await readMht(bytes)).text).toBe("年度报告");
  });

  it("takes the first text/html part, also inside a nested multipart, after the images", async () => {
    const html = Buffer.from("<p>一、总体情况</p>", "utf8").toString("base64");
    const nested = [
      'Content-Type: multipart/alternative; boundary="inner"',
      "",
      "--inner",
      "Content-Type: text/plain",
      "",
      "plain text",
      "--inner",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      html,
      "--inner--",
    ].join("\r\n");
    const bytes = archive([
      "Content-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlhAQABAAAAACw=",
      nested,
      "Content-Type: text/html\r\n\r\n<p>第二页</p>",
    ]);
    expect((await readMht(bytes)).text).toBe("一、总体情况");
  });

  it("reads an archive cut short inside its page (no closing boundary)", async () => {
    const whole = archive(["Content-Type: text/html; charset=utf-8\r\n\r\n<p>2024年度报告</p><p>一、总体情况</p>"]);
    const cut = whole.subarray(0, Buffer.from(whole).indexOf("<p>一"));
    expect((await readMht(cut)).text).toBe("2024年度报告");
  });

  it("refuses an archive without a boundary or without an HTML page, with the reason", async () => {
    expect(await reason(archive([], "multipart/related"))).toBe("corrupt MHT: multipart/related without a boundary");
    expect(await reason(archive(["Content-Type: image/gif\r\n\r\nGIF89a"]))).toBe("corrupt MHT: no HTML page (text/html part) inside");
    expect(await reason(latin1("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\nno parts at all"))).toBe(
      "corrupt MHT: no HTML page (text/html part) inside",
    );
  });
});

describe("RTF", () => {
  it("is refused with the format named, not read as text and refused for a missing 表三", async () => {
    const bytes = new Uint8Array(readFileSync("tests/fixtures/rtf-seed000/input.rtf"));
    const error = await readDocument(bytes).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).reason).toBe("RTF is not supported: save it as DOCX or PDF");
    expect(await reportFromBytes("年报.rtf", bytes)).toEqual({ ok: false, path: "年报.rtf", reason: "RTF is not supported: save it as DOCX or PDF" });
  });
});
