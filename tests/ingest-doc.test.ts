import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { convertDocToDocx, readDoc } from "../lib/ingest/doc";
import { ReadError } from "../lib/ingest/types";
import { parseReport } from "../lib/report/parse";

/**
 * The .doc fixtures were made once with the docx package and `soffice --headless --convert-to doc`
 * (LibreOffice 7.4): merged.doc is a 表三 header with rowSpan/columnSpan; seed-000.doc is seed 000 with its
 * tab-separated lines as Word tables. (LibreOffice's .doc export drops a table that ends the document, so
 * merged.doc has a paragraph after its table.)
 */
const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/readers/doc/${name}`));

function hasSoffice(): boolean {
  try {
    execFileSync("soffice", ["--version"], { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
function ole2With(streamName: string): Uint8Array {
  const bytes = new Uint8Array(2048);
  bytes.set(OLE2);
  bytes.set(Buffer.from(streamName, "utf16le"), 1024);
  return bytes;
}

async function readError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReadError);
  return (error as ReadError).reason;
}

const tempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith("nianbao-doc-"));

describe("readDoc", () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it("says how to install LibreOffice when soffice is not on PATH", async () => {
    process.env.PATH = "/nonexistent";
    expect(await readError(readDoc(fixture("merged.doc")))).toBe(
      "DOC (Word 97-2003) files need LibreOffice to convert: apt-get install libreoffice-writer-nogui",
    );
  });

  it("refuses OLE2 files that are Excel, PowerPoint or an encrypted DOCX without starting LibreOffice", async () => {
    expect(await readError(readDoc(ole2With("Workbook")))).toBe("not a DOC file: an Excel (.xls) file, not a Word document");
    expect(await readError(readDoc(ole2With("EncryptedPackage")))).toMatch(/^not a DOC file: password-protected/);
  });

  // CI installs LibreOffice, so there a missing soffice fails instead of skipping.
  describe.skipIf(!hasSoffice() && !process.env.CI)("with LibreOffice installed", () => {
    it("converts a Word 97-2003 table with merged cells and expands the spans", async () => {
      const result = await readDoc(fixture("merged.doc"));
      expect(result).toEqual({
        text: "表三\n类别\t申请人情况\t总计\n自然人\t商业企业\t其他\n本年新收\t6\t0\t1\t7\n四、行政复议",
        mediaType: "application/msword",
        pages: null,
        pageStarts: null,
      });
    });

    it("reads seed 000 saved as .doc to the same 表二, 表三 and 表四 as the text", async () => {
      const fromDoc = parseReport((await readDoc(fixture("seed-000.doc"))).text);
      const direct = parseReport(readFileSync("tests/fixtures/seed-000/input.txt", "utf8"));
      if (!fromDoc.ok || !direct.ok) throw new Error("seed 000 did not parse");
      expect([fromDoc.report.applications, fromDoc.report.reviewLitigation, fromDoc.report.proactive]).toEqual([
        direct.report.applications,
        direct.report.reviewLitigation,
        direct.report.proactive,
      ]);
    });

    it("reports a damaged .doc and a conversion that runs out of time, and leaves no temp dir", async () => {
      const before = tempDirs().length;
      const damaged = new Uint8Array(4096);
      damaged.set(OLE2);
      expect(await readError(readDoc(damaged))).toMatch(/^DOC conversion failed: LibreOffice \(exit \d+\) wrote no DOCX/);
      expect(await readError(convertDocToDocx(fixture("merged.doc"), 200))).toBe("DOC conversion timed out after 0.2 s (LibreOffice)");
      expect(tempDirs().length).toBe(before);
    });
  });
});
