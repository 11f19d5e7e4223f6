import { existsSync, readFileSync } from "node:fs";
import { Document, Packer, Paragraph } from "docx";
import { describe, expect, it, vi } from "vitest";
import { readDocument } from "../lib/ingest/read";
import { ReadError, type ReadResult } from "../lib/ingest/types";

// The PDF reader is tested on its own; here only that PDFs are routed to it.
vi.mock("../lib/ingest/pdf", () => ({
  readPdf: async (): Promise<ReadResult> => ({ text: "pdf", mediaType: "application/pdf", pages: 1, pageStarts: [0] }),
}));

const utf8 = (text: string) => new TextEncoder().encode(text);

async function readError(bytes: Uint8Array): Promise<string> {
  const error = await readDocument(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReadError);
  return (error as ReadError).reason;
}

describe("readDocument", () => {
  // lib/ingest/pdf.ts is written separately; the mock can only stand in for it once the file exists.
  it.skipIf(!existsSync("lib/ingest/pdf.ts"))("routes a PDF (also after leading junk) to readPdf", async () => {
    expect((await readDocument(utf8("junk\n%PDF-1.7\n"))).mediaType).toBe("application/pdf");
  });

  it("routes each other format to its reader by content", async () => {
    const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("年报")] }] })));
    expect(await readDocument(docx)).toMatchObject({ text: "年报", mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    expect(await readDocument(utf8("<html><body><p>年报</p></body></html>"))).toMatchObject({ text: "年报", mediaType: "text/html" });
    expect(await readDocument(utf8("年报\n"))).toMatchObject({ text: "年报\n", mediaType: "text/plain" });
    expect(await readDocument(utf8("<div class=TRS_Editor><p>年报</p></div>"))).toMatchObject({ text: "年报", mediaType: "text/html" });
    const mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>年报</p>\r\n--b--\r\n";
    expect(await readDocument(utf8(mht))).toMatchObject({ text: "年报", mediaType: "multipart/related" });
    expect((await readDocument(new Uint8Array(readFileSync("tests/fixtures/readers/gbk-text/input.txt")))).text).toContain("喆镕");
  });

  it("refuses an empty file and an unknown binary with a reason", async () => {
    expect(await readError(new Uint8Array(0))).toBe("empty file (0 bytes)");
    const binary = Uint8Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256);
    expect(await readError(binary)).toBe("unrecognised file format (neither PDF, DOCX, DOC, HTML, MHT nor text)");
  });

  it("reports a truncated DOCX as corrupt rather than unrecognised", async () => {
    const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("年报")] }] })));
    expect(await readError(docx.slice(0, Math.floor(docx.length * 0.6)))).toBe("corrupt DOCX: no end of central directory (truncated or not a zip)");
  });
});
