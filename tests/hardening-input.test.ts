import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSoffice } from "../lib/ingest/doc";
import { checkPlausible, MAX_PLAUSIBLE } from "../lib/report/checks/plausible";
import { parseReport } from "../lib/report/parse";
import { type Applications, type Report, ReportSchema } from "../lib/report/schema";
import { encodeGbk } from "../lib/synth/render-html";
import { FIXTURES } from "./support/fixtures";
import { type Dump, databaseIn, dumpDb, type IngestRun, idsOf, ingestInto, rowsOf } from "./support/hardening";

/**
 * Bad input at the ingest level: one batch of broken, hostile and oddly encoded files mixed with good ones,
 * run through `npm run ingest`'s main into a database that already holds three reports.
 */

const fixture = (path: string) => readFileSync(join(FIXTURES, path));
const seedText = (n: number) => fixture(`seed-00${n}/input.txt`).toString("utf8");
const expectedOf = (path: string) => JSON.parse(fixture(path).toString("utf8")) as Report;

const withYear = (text: string, from: number, to: number) => text.replaceAll(String(from), String(to));
const utf8 = (text: string) => Buffer.from(text, "utf8");
const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);
const utf16le = (text: string) => Buffer.from(text, "utf16le");
/** GBK has no NO-BREAK SPACE (a GBK file has plain spaces there); every other character of the seeds is in GBK. */
function gbk(text: string): Uint8Array {
  const bytes = encodeGbk(text.replaceAll("\u00a0", " "));
  expect(Buffer.from(bytes).toString("latin1")).not.toMatch(/&#x[0-9a-f]+;/);
  return bytes;
}
function utf16beWithBom(text: string): Buffer {
  const bytes = Buffer.from(`\ufeff${text}`, "utf16le");
  return bytes.swap16();
}

/** Every table cell of four or more digits with thousands separators, then every digit full-width. */
function fullWidthWithSeparators(text: string): string {
  const separated = text.replace(/(?<=\t)\d{4,}(?=\t|$)/gm, (digits) => Number(digits).toLocaleString("en-US"));
  return separated.replace(/[0-9,]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
}

/** seed 000 with 予以公开 (自然人) printed as a number no agency could have received. */
const IMPLAUSIBLE = 123_456_789_012;
function withImplausibleCell(text: string): string {
  const row = "(一) 予以公开\t2\t";
  expect(text).toContain(row);
  return text.replace(row, `(一) 予以公开\t${IMPLAUSIBLE}\t`);
}

function corruptHtml(): Buffer {
  const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 151 + 7) % 256));
  return Buffer.concat([Buffer.from("<html><head><title>某县2024年政府信息公开工作年度报告</title></head><body><table><tr><td>"), binary]);
}

function corruptDocx(): Uint8Array {
  // A zip that holds word/document.xml, but the XML breaks off mid-element.
  return zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8("<w:document><w:body><w:p>年报</w:bo") });
}

function corruptPdf(): Buffer {
  const pdf = fixture("pdf-bordered/input.pdf");
  return Buffer.concat([pdf.subarray(0, 200), Buffer.alloc(5000, 0x41), pdf.subarray(pdf.length - 200)]);
}

function corruptDoc(): Buffer {
  // An OLE2 header (and a WordDocument stream name) followed by noise: it looks like Word 97 but is not.
  const doc = fixture("formats-busy2021-doc/input.doc");
  return Buffer.concat([doc.subarray(0, 512), utf16le("WordDocument"), Buffer.alloc(4096, 0x5a)]);
}

const NOTICE = "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知\n各县区人民政府：\n请于2025年1月31日前发布年度报告。\n";

let dir: string;
let dbPath: string;
let before: Dump;
let after: Dump;
let run: IngestRun;
const batch: Record<string, Uint8Array | string> = {};
let docReason: RegExp;

/** What each bad file must be refused with (a file named by its path in the summary and on stderr). */
const REFUSALS: Record<string, string | RegExp> = {
  "empty.txt": "empty file (0 bytes)",
  "truncated.pdf": /^corrupt PDF: /,
  "truncated.docx": "corrupt DOCX: no end of central directory (truncated or not a zip)",
  "truncated.txt": "not a 政府信息公开工作年度报告: no 表三 found",
  "corrupt.pdf": /^corrupt PDF: /,
  "corrupt.docx": /^corrupt DOCX: /,
  "corrupt.html": "not a 政府信息公开工作年度报告: no 表三 found",
  "encrypted.pdf": "encrypted PDF: needs a password to open",
  "scanned.pdf": "scanned PDF: page images of 30 dpi, too coarse to read by OCR (100 dpi at least)",
  "notice.txt": "not a 政府信息公开工作年度报告: a 通知 (notice) titled “关于做好2024年度政府信息公开工作年度报告编制发布工作的通知”, no 表三 found",
  "no table 3.txt": "not a 政府信息公开工作年度报告: no 表三 found",
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-hardening-"));
  dbPath = databaseIn(dir);
  const baseline = join(dir, "baseline");
  mkdirSync(baseline);
  for (const n of [0, 1, 2]) copyFileSync(join(FIXTURES, `seed-00${n}`, "input.txt"), join(baseline, `seed-00${n}.txt`));
  expect((await ingestInto(dbPath, [baseline])).code).toBe(0);
  before = dumpDb(dbPath);

  const pdf = fixture("pdf-bordered/input.pdf");
  const docx = fixture("formats-seed000-docx/input.docx");
  const seed4 = seedText(4);
  Object.assign(batch, {
    "empty.txt": new Uint8Array(0),
    "truncated.pdf": pdf.subarray(0, pdf.length >> 1),
    "truncated.docx": docx.subarray(0, docx.length >> 1),
    "truncated.txt": utf8(seed4.slice(0, seed4.length / 3)),
    "corrupt.pdf": corruptPdf(),
    "corrupt.docx": corruptDocx(),
    "corrupt.doc": corruptDoc(),
    "corrupt.html": corruptHtml(),
    "encrypted.pdf": fixture("pdf-encrypted/input.pdf"),
    "scanned.pdf": fixture("pdf-scanned/input.pdf"),
    "notice.txt": utf8(NOTICE),
    "no table 3.txt": utf8(seed4.replace(/三、收到和处理[\s\S]*?(?=四、)/, "")),
    // Good files: each decodes to a report whose numbers are the fixture's expected ones.
    "金寨 GBK.txt": gbk(seedText(3)),
    "吴忠 UTF-16LE.txt": utf16le(seed4),
    '济南 2010 "BOM" \'s.txt': utf8Bom(withYear(seedText(0), 2024, 2010)),
    "淄博 2012 UTF-16BE.txt": utf16beWithBom(withYear(seedText(2), 2023, 2012)),
    "宁波 full-width １，２３４.txt": utf8(fullWidthWithSeparators(fixture("formats-busy2021-txt/input.txt").toString("utf8"))),
    "济南 2016 implausible.txt": utf8(withImplausibleCell(withYear(seedText(0), 2024, 2016))),
    "淄博 2023 更正版.txt": utf8(`${seedText(2)}\n（更正版）\n`),
    // Duplicates: the same bytes twice in the batch, and a report stored before under another name.
    "金寨 GBK（副本）.txt": gbk(seedText(3)),
    "seed-000 again.txt": utf8(seedText(0)),
    "报告 ..\\..\\windows-style name.txt": utf8(withYear(seedText(1), 2020, 2014)),
  });
  const folder = join(dir, "batch", "sub");
  mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(batch)) writeFileSync(join(folder, name), bytes);
  docReason = (await findSoffice()) ? /^DOC conversion failed|^corrupt DOCX|^not a 政府信息公开工作年度报告/ : /^DOC \(Word 97-2003\) files need LibreOffice/;
  // The folder is named through `..`: the stored names must still be bare file names.
  run = await ingestInto(dbPath, [join(dir, "batch", "sub", "..", "sub")]);
  after = dumpDb(dbPath);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function storedReport(fileName: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const report = db.prepare("SELECT * FROM reports WHERE file_name = ?").get(fileName) as Record<string, unknown> | undefined;
    if (!report) throw new Error(`${fileName} was not stored`);
    const rows = db.prepare("SELECT * FROM application_rows WHERE report_id = ?").all(report.id) as Record<string, unknown>[];
    const issues = db.prepare('SELECT code, row, "column" FROM report_issues WHERE report_id = ?').all(report.id) as {
      code: string;
      row: string;
      column: string;
    }[];
    return { report, rows, issues };
  } finally {
    db.close();
  }
}

function storedApplications(fileName: string): Applications {
  const { rows } = storedReport(fileName);
  return Object.fromEntries(rows.map(({ report_id: _, row, ...values }) => [row, values])) as unknown as Applications;
}

describe("one batch of bad and good files", () => {
  it("refuses every bad file, naming it and the reason, and goes on with the rest", () => {
    expect(run.code).toBe(1);
    const failed = Object.fromEntries(run.summary.failed.map(({ file, reason }) => [basename(file), reason]));
    expect(Object.keys(failed).sort()).toEqual([...Object.keys(REFUSALS), "corrupt.doc"].sort());
    for (const [name, reason] of Object.entries(REFUSALS)) {
      if (typeof reason === "string") expect(failed[name], name).toBe(reason);
      else expect(failed[name], name).toMatch(reason);
    }
    expect(failed["corrupt.doc"]).toMatch(docReason);
    for (const { file, reason } of run.summary.failed) expect(run.stderr).toContain(`failed ${file}: ${reason}`);
    expect(run.summary).toMatchObject({ files: Object.keys(batch).length, ingested: 7, revised: 1, present: 2 });
  });

  it("leaves every row stored before exactly as it was (but the revised report's current mark)", () => {
    const old = idsOf(before);
    const revisedOld = before.reports!.find((row) => row.file_name === "seed-002.txt")!;
    const expected = structuredClone(before);
    Object.assign(expected.reports!.find((row) => row.id === revisedOld.id)!, { is_current: 0, current_reason: null });
    // agency_totals, region_year_agencies and current_issue_codes sum or list the current reports, so a new year
    // or a revision rewrites them: checked below.
    const withoutSums = (dump: Dump) => ({ ...dump, agency_totals: [], region_year_agencies: [], current_issue_codes: [] });
    expect(withoutSums(rowsOf(after, old.reports, old.agencies))).toEqual(withoutSums(expected));
  });

  it("keeps agency_totals the sum of each agency's current reports", () => {
    const current = new Set(after.reports!.filter((row) => row.is_current === 1).map((row) => row.id as number));
    const agencyOf = new Map(after.reports!.map((row) => [row.id as number, row.agency_id as number]));
    const sums = new Map<number, Record<string, unknown>>();
    for (const { report_id: reportId, ...totals } of after.report_totals!) {
      if (!current.has(reportId as number)) continue;
      const agencyId = agencyOf.get(reportId as number)!;
      const sum = sums.get(agencyId) ?? { agency_id: agencyId };
      // As SQL's SUM: null when every value is null.
      for (const [column, value] of Object.entries(totals))
        sum[column] = value === null ? (sum[column] ?? null) : ((sum[column] as number | null) ?? 0) + (value as number);
      sums.set(agencyId, sum);
    }
    const byAgency = (rows: Record<string, unknown>[]) => [...rows].sort((x, y) => (x.agency_id as number) - (y.agency_id as number));
    expect(after.agency_totals!.length).toBe(new Set(after.reports!.map((row) => row.agency_id)).size);
    expect(byAgency(after.agency_totals!)).toEqual(byAgency([...sums.values()]));
  });

  it("keeps region_year_agencies and current_issue_codes what the current reports give", () => {
    const current = after.reports!.filter((row) => row.is_current === 1);
    const agency = new Map(after.agencies!.map((row) => [row.id as number, row]));
    const byRegionYear = new Map<string, Set<number>>();
    for (const report of current) {
      const { province, city, county } = agency.get(report.agency_id as number)!;
      const key = JSON.stringify({ year: report.year, province, city, county });
      byRegionYear.set(key, (byRegionYear.get(key) ?? new Set()).add(report.agency_id as number));
    }
    const lines = [...byRegionYear].map(([key, ids]) => ({ ...JSON.parse(key), agencies: ids.size }));
    const sorted = (rows: Record<string, unknown>[]) => rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
    expect(sorted(after.region_year_agencies!)).toEqual(sorted(lines));
    const reportOf = new Map(current.map((row) => [row.id as number, row]));
    const codes = new Set(
      after.report_issues!.flatMap((issue) => {
        const report = reportOf.get(issue.report_id as number);
        return report ? [JSON.stringify({ agency_id: report.agency_id, code: issue.code, year: report.year })] : [];
      }),
    );
    expect(codes.size).toBeGreaterThan(0);
    expect(sorted(after.current_issue_codes!)).toEqual(sorted([...codes].map((line) => JSON.parse(line))));
  });

  it("adds only the good files: 26 表三 rows each, no row of a refused file", () => {
    const added = after.reports!.filter((row) => !idsOf(before).reports.has(row.id as number)).map((row) => row.file_name as string);
    // Of two files with the same bytes in one batch, whichever is read first is stored, the other is "present".
    const names = added.map((name) => (name.startsWith("金寨 GBK") ? "金寨 GBK*" : name)).sort();
    expect(names).toEqual(
      [
        "报告 ..\\..\\windows-style name.txt",
        "吴忠 UTF-16LE.txt",
        "宁波 full-width １，２３４.txt",
        '济南 2010 "BOM" \'s.txt',
        "济南 2016 implausible.txt",
        "淄博 2012 UTF-16BE.txt",
        "淄博 2023 更正版.txt",
        "金寨 GBK*",
      ].sort(),
    );
    expect(after.application_rows!.length).toBe(after.reports!.length * 26);
  });

  it("reads GBK, UTF-16 (either byte order) and UTF-8 with a BOM as their UTF-8 twins", () => {
    const gbk = after.reports!.find((row) => (row.file_name as string).startsWith("金寨 GBK"))!.file_name as string;
    expect(storedApplications(gbk)).toEqual(expectedOf("seed-003/expected.json").applications);
    expect(storedApplications("吴忠 UTF-16LE.txt")).toEqual(expectedOf("seed-004/expected.json").applications);
    expect(storedApplications('济南 2010 "BOM" \'s.txt')).toEqual(expectedOf("seed-000/expected.json").applications);
    expect(storedApplications("淄博 2012 UTF-16BE.txt")).toEqual(expectedOf("seed-002/expected.json").applications);
    expect(storedReport(gbk).report.year).toBe(2024);
  });

  it("reads full-width digits and thousands separators as the numbers they are", () => {
    const busy = expectedOf("formats-busy2021-txt/expected.json");
    expect(busy.applications.newReceived.total).toBe(18152);
    expect(storedApplications("宁波 full-width １，２３４.txt")).toEqual(busy.applications);
  });

  it("keeps a number too large to be real as printed and flags it at its cell", () => {
    const { rows, issues } = storedReport("济南 2016 implausible.txt");
    expect(rows.find((row) => row.row === "granted")?.naturalPerson).toBe(IMPLAUSIBLE);
    expect(issues).toContainEqual({ code: "value.implausible", row: "granted", column: "naturalPerson" });
    expect(issues.filter((i) => i.code === "value.implausible")).toHaveLength(1);
  });

  it("keeps a revised report beside the first, the newer one current, and a rerun changes nothing", async () => {
    const reports = after.reports!.filter((row) => (row.file_name as string).startsWith("淄博") || row.file_name === "seed-002.txt");
    expect(reports.map((row) => [row.file_name, row.year, row.is_current])).toEqual(
      expect.arrayContaining([
        ["seed-002.txt", 2023, 0],
        ["淄博 2023 更正版.txt", 2023, 1],
        ["淄博 2012 UTF-16BE.txt", 2012, 1],
      ]),
    );
    const again = await ingestInto(dbPath, [join(dir, "batch")]);
    expect(again.summary).toMatchObject({ ingested: 0, revised: 0, present: 10 });
    expect(dumpDb(dbPath)).toEqual(after);
  }, 60_000);

  it("stores bare file names and keeps the sources by sha256 only, inside the database folder", () => {
    for (const row of after.reports!) expect(row.file_name as string).not.toContain("/");
    const sources = readdirSync(join(dir, "db", "sources"));
    expect(sources.sort()).toEqual(after.reports!.map((row) => row.sha256 as string).sort());
    for (const name of sources) expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dir).sort()).toEqual(["baseline", "batch", "db"]);
    expect(
      readdirSync(join(dir, "db"))
        .filter((name) => !name.startsWith("n.db"))
        .sort(),
    ).toEqual(["sources"]);
  });
});

describe("value.implausible", () => {
  const seed = parseReport(seedText(0));
  if (!seed.ok) throw new Error(seed.reason);
  const { applications, reviewLitigation, proactive } = seed.report;

  it("flags a count above a million and a sum of money above 10⁹ 万元, not one at the threshold", () => {
    const edited = structuredClone({ applications, reviewLitigation, proactive });
    edited.applications.granted.business = MAX_PLAUSIBLE.caseCount;
    edited.applications.carriedOver.total = MAX_PLAUSIBLE.caseCount + 1;
    edited.reviewLitigation.reconsideration.pending = MAX_PLAUSIBLE.caseCount + 1;
    const money = edited.proactive.find((cell) => cell.unit === "万元")!;
    money.value = MAX_PLAUSIBLE.money + 1;
    const count = edited.proactive.find((cell) => cell.unit === "件")!;
    count.value = MAX_PLAUSIBLE.caseCount + 1;
    const flagged = checkPlausible(edited.applications, edited.reviewLitigation, edited.proactive).map((i) => [
      i.where.section,
      i.where.row,
      i.where.column ?? null,
    ]);
    expect(flagged).toEqual([
      ["applications", "carriedOver", "total"],
      ["reviewLitigation", "reconsideration", "pending"],
      ["proactive", money.key, null],
    ]);
  });

  it("stores a cell of hundreds of digits (Infinity as a number) as empty, flagged, so the report stays valid", () => {
    const outcome = parseReport(seedText(0).replace("(一) 予以公开\t2\t", `(一) 予以公开\t${"9".repeat(400)}\t`));
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.report.applications.granted.naturalPerson).toBeNull();
    expect(outcome.report.issues).toContainEqual(
      expect.objectContaining({ code: "value.implausible", where: { section: "applications", row: "granted", column: "naturalPerson" } }),
    );
    expect(ReportSchema.safeParse(outcome.report).success).toBe(true);
  });

  it("leaves the real seeds alone", () => {
    expect(checkPlausible(applications, reviewLitigation, proactive)).toEqual([]);
  });
});
