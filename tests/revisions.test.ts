import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideCurrent, type Version } from "../db/revisions";
import { sha256 } from "../lib/ingest/hash";
import { main as revisions } from "../scripts/revisions";
import { fixtureDirs } from "./support/fixtures";
import { captureIo, ingestInto, reportFolder } from "./support/hardening";

/**
 * Which file of an agency's year is current is decided by the documents (a 更正 mark, the 落款 date, the publication
 * date), never by the order or the number of jobs they were ingested with.
 */

const seed000 = readFileSync(join(fixtureDirs("seed-000")[0] as string, "input.txt"), "utf8");
const signed = (text: string, date: string) => `${text}\n济南公共资源交易中心\n${date}\n`;
const ORIGINAL = signed(seed000, "2025年1月10日");
const CORRECTED = signed(seed000.replace("政府信息公开工作年度报告", "政府信息公开工作年度报告（更正）"), "2025年1月20日");
/** Another file of the original: the same dates, no mark (a re-saved copy). */
const COPY = signed(`${seed000}\n`, "2025年1月10日");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-revisions-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const folder = (name: string, texts: string[]) => reportFolder(join(dir, name), texts);

function currentOf(dbPath: string): { sha256: string; reason: string }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT sha256, current_reason AS reason FROM reports WHERE is_current = 1").all() as { sha256: string; reason: string }[];
  } finally {
    db.close();
  }
}

const hash = (text: string) => sha256(Buffer.from(text));

function version(id: number, facts: Partial<Version>): Version {
  return { id, isCurrent: false, chosenAt: null, signedOn: null, publishedOn: null, revisionMark: null, ...facts };
}

describe("deciding the current file", () => {
  it("trusts a choice, then a mark, then the 落款 date, then the publication date; else keeps the current one", () => {
    expect(decideCurrent([version(1, { revisionMark: "更正", signedOn: "2025-01-01" }), version(2, { signedOn: "2025-02-01" })])).toEqual({
      id: 1,
      reason: "revisionMark",
    });
    expect(decideCurrent([version(1, { signedOn: "2025-02-01" }), version(2, { signedOn: "2025-01-01", publishedOn: "2025-03-01" })])).toEqual({
      id: 1,
      reason: "signedOn",
    });
    expect(decideCurrent([version(1, { publishedOn: "2025-03-01" }), version(2, { signedOn: "2025-01-01", publishedOn: "2025-01-02" })])).toEqual({
      id: 1,
      reason: "publishedOn",
    });
    expect(decideCurrent([version(1, { signedOn: "2025-02-01" }), version(2, { signedOn: "2025-01-01", chosenAt: "2026-01-01T00:00:00Z" })])).toEqual({
      id: 2,
      reason: "chosen",
    });
    expect(decideCurrent([version(1, {}), version(2, { isCurrent: true })])).toEqual({ id: 2, reason: "undecided" });
  });
});

describe("npm run ingest with a corrected and an original report", () => {
  it("makes the corrected one current in every order, with 1 and 2 jobs", async () => {
    const orders = [
      [ORIGINAL, CORRECTED],
      [CORRECTED, ORIGINAL],
    ];
    const runs: string[] = [];
    for (const [i, order] of orders.entries()) {
      for (const jobs of ["1", "2"]) {
        const dbPath = join(dir, `o${i}-j${jobs}`, "n.db");
        // In one batch, and one file per run (the second a later ingest into the same database).
        const batch = await ingestInto(dbPath, ["--jobs", jobs, folder(`o${i}-j${jobs}-batch`, order)]);
        expect(batch.summary).toMatchObject({ ingested: 1, revised: 1, failed: [] });
        runs.push(JSON.stringify(currentOf(dbPath)));
        const oneByOne = join(dir, `o${i}-j${jobs}-single`, "n.db");
        for (const [k, text] of order.entries()) await ingestInto(oneByOne, ["--jobs", jobs, folder(`o${i}-j${jobs}-f${k}`, [text])]);
        runs.push(JSON.stringify(currentOf(oneByOne)));
      }
    }
    expect(new Set(runs)).toEqual(new Set([JSON.stringify([{ sha256: hash(CORRECTED), reason: "revisionMark" }])]));
  });

  it("keeps the current file when the documents do not decide, and flags every file revision.undecided", async () => {
    const dbPath = join(dir, "db", "n.db");
    await ingestInto(dbPath, [folder("a", [ORIGINAL])]);
    const second = await ingestInto(dbPath, [folder("b", [COPY])]);
    expect(second.summary.issuesByCode).toEqual({});
    expect(currentOf(dbPath)).toEqual([{ sha256: hash(ORIGINAL), reason: "undecided" }]);
    const db = new Database(dbPath, { readonly: true });
    const flagged = db
      .prepare("SELECT r.sha256 FROM report_issues i JOIN reports r ON r.id = i.report_id WHERE i.code = 'revision.undecided' ORDER BY r.id")
      .all();
    const facet = db.prepare("SELECT code FROM current_issue_codes WHERE code = 'revision.undecided'").all();
    db.close();
    expect(flagged).toEqual([{ sha256: hash(ORIGINAL) }, { sha256: hash(COPY) }]);
    expect(facet).toHaveLength(1);
  });

  it("lets a user choose the current file, and a later ingest does not undo the choice; release hands it back", async () => {
    const dbPath = join(dir, "db", "n.db");
    await ingestInto(dbPath, [folder("a", [ORIGINAL, COPY])]);
    const { io, out } = captureIo();
    expect(await revisions(["--db", dbPath, "list", "济南公共资源交易中心", "2024"], io)).toBe(0);
    expect(out.stdout).toMatch(/2 files/);
    expect(out.stdout).toMatch(/CURRENT: already current; the documents do not decide/);
    const copyId = Number(/#(\d+) 1\.txt/.exec(out.stdout)![1]);
    expect(await revisions(["--db", dbPath, "choose", String(copyId)], io)).toBe(0);
    expect(currentOf(dbPath)).toEqual([{ sha256: hash(COPY), reason: "chosen" }]);
    await ingestInto(dbPath, [folder("b", [CORRECTED])]);
    expect(currentOf(dbPath)).toEqual([{ sha256: hash(COPY), reason: "chosen" }]);
    expect(await revisions(["--db", dbPath, "release", String(copyId)], io)).toBe(0);
    expect(currentOf(dbPath)).toEqual([{ sha256: hash(CORRECTED), reason: "revisionMark" }]);
    expect(await revisions(["--db", dbPath, "choose", "999"], io)).toBe(1);
    expect(await revisions(["--db", dbPath, "choose"], io)).toBe(2);
  });
});
