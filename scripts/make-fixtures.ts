/**
 * `npx tsx scripts/make-fixtures.ts`: the format fixtures in tests/fixtures/formats-<report>-<format>/.
 *
 * A few fixed reports (seeds 000 and 001 parsed from their text, and two generated busy ones from a fixed
 * fast-check seed) go through one document model (lib/synth/render.ts) into every format the reader
 * takes: txt (the text twin, tabs layout), html, gbk-html, docx, pdf (DOCX → LibreOffice) and one doc
 * (DOCX → LibreOffice). tests/formats.test.ts reads each file and expects the text twin's report.
 *
 * Needs LibreOffice (soffice), fonts-noto-cjk and poppler-utils (pdftotext, pdfinfo, pdffonts). The outputs
 * are committed, so tests never run this. Reruns give identical txt/html/docx bytes; pdf and doc differ only
 * in LibreOffice's metadata (the PDF's dates and ID are pinned, the DOC's are not).
 */
import { NO_EDITION } from "../lib/report/edition";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { parseReport } from "../lib/report/parse";
import { renderDocx, type DocxOptions } from "../lib/synth/render-docx";
import { encodeHtml, renderHtml } from "../lib/synth/render-html";
import { renderText, reportToDocument, type ReportDocument } from "../lib/synth/render";
import type { FormatVersion, Report } from "../lib/report/schema";
import { agencyArb, applicationsArb, expectedIdentityFlags, proactiveArb, reviewLitigationArb, sectionsArb } from "../lib/synth/arbitrary";

const ROOT = join(import.meta.dirname, "..");
const FIXTURES = join(ROOT, "tests", "fixtures");
const MAX_BYTES = 300 * 1024;

// ---------------------------------------------------------------------------------------------
// Formats: one document model → the bytes of one file

export const FORMATS = ["txt", "html", "gbk-html", "docx", "pdf", "doc"] as const;
export type Format = (typeof FORMATS)[number];

export const EXTENSIONS: Record<Format, string> = { txt: "txt", html: "html", "gbk-html": "gbk.html", docx: "docx", pdf: "pdf", doc: "doc" };

/** `docx` options shape the DOCX and the PDF and DOC made from it (fonts, sizes, cell alignment). */
export async function renderFormat(doc: ReportDocument, format: Format, docx: DocxOptions = {}): Promise<Uint8Array> {
  switch (format) {
    case "txt":
      return new TextEncoder().encode(renderText(doc, "tabs"));
    case "html":
      return encodeHtml(renderHtml(doc), "utf-8");
    case "gbk-html":
      return encodeHtml(renderHtml(doc, { charset: "gbk" }), "gbk");
    case "docx":
      return renderDocx(doc, docx);
    case "pdf":
      return pinPdfMetadata(convertWithSoffice(await renderDocx(doc, docx), "docx", "pdf"));
    case "doc":
      return convertWithSoffice(await renderDocx(doc, docx), "docx", "doc");
  }
}

/**
 * LibreOffice headless, with its own profile: a second soffice sharing a profile hands the job to the first
 * instance (another user's, or a test's) and exits without converting. Fonts are embedded by default.
 */
export function convertWithSoffice(bytes: Uint8Array, from: string, to: "pdf" | "doc"): Uint8Array {
  const work = mkdtempSync(join(tmpdir(), "nianbao-fixtures-"));
  try {
    const input = join(work, `input.${from}`);
    writeFileSync(input, bytes);
    const profile = pathToFileURL(join(work, "profile")).href;
    const target = to === "pdf" ? "pdf:writer_pdf_Export" : "doc:MS Word 97";
    execFileSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", target, "--outdir", work, input], {
      stdio: "pipe",
      timeout: 120_000,
    });
    return new Uint8Array(readFileSync(join(work, `input.${to}`)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Same-length replacements of the dates, the document ID and checksum, so the xref offsets stay valid. */
export function pinPdfMetadata(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString("latin1");
  const pinned = text
    .replace(/\/(CreationDate|ModDate)\(D:([^)]*)\)/g, (_, key: string, date: string) => `/${key}(D:${date.replace(/^\d{14}/, "20250101000000")})`)
    .replace(/\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/g, (match: string, a: string, b: string) =>
      match.replace(a, "0".repeat(a.length)).replace(b, "0".repeat(b.length)),
    )
    .replace(/\/DocChecksum\s*\/([0-9A-Fa-f]+)/g, (match: string, sum: string) => match.replace(sum, "0".repeat(sum.length)));
  return new Uint8Array(Buffer.from(pinned, "latin1"));
}

// ---------------------------------------------------------------------------------------------
// PDF checks (poppler)

function pdfPages(path: string): number {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

function pageText(path: string, page: number): string {
  return execFileSync("pdftotext", ["-f", String(page), "-l", String(page), path, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
}

/** The page numbers holding 表三's first and last rows. */
export function applicationsPages(path: string): { first: number; last: number } {
  const pages = Array.from({ length: pdfPages(path) }, (_, i) => pageText(path, i + 1));
  const first = pages.findIndex((text) => text.includes("本年新收政府信息公开申请数量")) + 1;
  const last = pages.findIndex((text) => text.includes("结转下年度继续办理")) + 1;
  return { first, last };
}

/** Every font of the PDF embedded (pdffonts' emb column). */
export function allFontsEmbedded(path: string): boolean {
  const rows = execFileSync("pdffonts", [path], { encoding: "utf8" })
    .split("\n")
    .slice(2)
    .filter((line) => line.trim());
  return rows.length > 0 && rows.every((line) => /\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.test(line));
}

// ---------------------------------------------------------------------------------------------
// The reports

function parsed(text: string, what: string): Report {
  const outcome = parseReport(text);
  if (!outcome.ok) throw new Error(`${what}: ${outcome.reason}`);
  return outcome.report;
}

function seedReport(name: string): Report {
  return parsed(readFileSync(join(FIXTURES, `seed-${name}`, "input.txt"), "utf8"), `seed ${name}`);
}

const SAMPLE_SEED = 20_240_531;

/** Numbers of three digits or more somewhere in 表三: wide cells, and digits that must not be split. */
function hasBusyNumbers(report: Report): boolean {
  return Object.values(report.applications).some((row) => Object.values(row).some((value) => value !== null && value >= 100));
}

/** A busy report of the template's own year, whole-year, with at least one broken identity (fast-check, fixed seed). */
function busyReport(version: FormatVersion, year: number): Report {
  const arb = agencyArb.chain((agency) =>
    fc
      .record({
        proactive: proactiveArb(version, "busy"),
        applications: applicationsArb(version, "busy"),
        reviewLitigation: reviewLitigationArb("busy"),
        sections: sectionsArb(agency.agency, year),
      })
      .map(
        (parts): Report => ({
          agency: agency.agency,
          agencyAsPrinted: agency.agency,
          year,
          periodStart: `${year}-01-01`,
          periodEnd: `${year}-12-31`,
          formatVersion: version,
          region: agency.region,
          source: null,
          edition: NO_EDITION,
          issues: [],
          ...parts,
        }),
      ),
  );
  const found = fc.sample(arb, { seed: SAMPLE_SEED, numRuns: 500 }).find((report) => hasBusyNumbers(report) && expectedIdentityFlags(report).size > 0);
  if (!found) throw new Error(`no busy ${version} report with a broken identity in 500 samples`);
  return found;
}

type FixtureReport = { name: string; report: Report; formats: readonly Format[] };

const EVERY_FORMAT_BUT_DOC = FORMATS.filter((format) => format !== "doc");

function fixtureReports(): FixtureReport[] {
  return [
    { name: "seed000", report: seedReport("000"), formats: EVERY_FORMAT_BUT_DOC },
    { name: "seed001", report: seedReport("001"), formats: EVERY_FORMAT_BUT_DOC },
    { name: "busy2021", report: busyReport("2021", 2023), formats: FORMATS },
    { name: "busy2019", report: busyReport("2019", 2020), formats: EVERY_FORMAT_BUT_DOC },
  ];
}

// ---------------------------------------------------------------------------------------------

function checkPdf(path: string, name: string): string {
  if (!allFontsEmbedded(path)) throw new Error(`${name}: a font is not embedded`);
  const { first, last } = applicationsPages(path);
  if (first === 0 || last <= first) throw new Error(`${name}: 表三 does not cross a page break (rows on pages ${first}–${last})`);
  return `${pdfPages(path)} pages, 表三 on pages ${first}–${last}`;
}

async function writeFixture(fixture: FixtureReport, format: Format): Promise<string> {
  const dir = join(FIXTURES, `formats-${fixture.name}-${format}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `input.${EXTENSIONS[format]}`);
  const bytes = await renderFormat(reportToDocument(fixture.report), format);
  if (bytes.length > MAX_BYTES) throw new Error(`${path}: ${bytes.length} bytes, more than ${MAX_BYTES}`);
  writeFileSync(path, bytes);
  const note = format === "pdf" ? `, ${checkPdf(path, fixture.name)}` : "";
  return `${path.slice(ROOT.length + 1)} ${Math.round(bytes.length / 1024)} KB${note}`;
}

async function main(): Promise<void> {
  for (const fixture of fixtureReports()) {
    for (const format of fixture.formats) process.stdout.write(`${await writeFixture(fixture, format)}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
