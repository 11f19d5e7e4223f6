import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { openReadonlyDb } from "../db/client";
import { aliasesOf } from "../db/identity";
import journal from "../db/migrations/meta/_journal.json";
import { openStore } from "../db/open-store";
import { agencyDetail, overview } from "../db/queries";
import type { SqliteWriteStore } from "../db/sqlite-write-store";
import { canonicalAgencyName } from "../lib/report/agency";
import { main as agenciesCli } from "../scripts/agencies";
import { backfillOf, expectDerivedTablesHold } from "./support/derived";
import { fixtureDirs } from "./support/fixtures";
import { captureIo, ingestInto, reportFolder } from "./support/hardening";

/** One agency per agency: spellings of one agency are one agency with every spelling kept as an alias. */

const seed000 = readFileSync(join(fixtureDirs("seed-000")[0] as string, "input.txt"), "utf8");
const TITLE = "济南公共资源交易中心 2024 年度 政府信息公开工作年度报告";
const titled = (agency: string, year = 2024) => seed000.replace(TITLE, `${agency}${year}年度政府信息公开工作年度报告`).replace(/2024/g, String(year));
const SPELLINGS = ["南京市玄武区人民政府办公室", "玄武区人民政府办公室", "南京市玄武区人⺠政府办公室", "南京市玄武区人民政府办公室（本级）"];

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-identity-"));
  dbPath = join(dir, "db", "n.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const folder = (name: string, texts: string[]) => reportFolder(join(dir, name), texts);

function sql<T>(query: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

/** The database opened by the Store factory (which merges what migration 0010 split), read on its connection. */
async function withDb<T>(read: (db: Db) => T): Promise<T> {
  const store = await openStore({ kind: "sqlite", path: dbPath });
  try {
    return read((store as SqliteWriteStore).db);
  } finally {
    await store.close();
  }
}

/** What the national figures of a year count: reports, and the sum of 本年新收. */
function national(year: number) {
  const db = openReadonlyDb(dbPath);
  try {
    const line = overview(db, { year }).national.find((n) => n.year === year)!;
    return { reports: line.reports, newReceived: line.newReceived };
  } finally {
    db.$client.close();
  }
}

describe("the canonical name of an agency", () => {
  it("folds the radical, the （本级） suffix and the region's names the region code holds", () => {
    const keys = SPELLINGS.map((name) => canonicalAgencyName(name, "320102"));
    expect(new Set(keys)).toEqual(new Set(["人民政府办公室"]));
    expect(canonicalAgencyName("玄武区", "320102")).toBe("玄武区");
    expect(canonicalAgencyName("南京市财政局", "320100")).toBe("财政局");
    expect(canonicalAgencyName("财政局南京市", "320100")).toBe("财政局南京市");
  });
});

describe("agencies in the store", () => {
  it("files four spellings of one agency as one agency with four aliases, and counts its year once", async () => {
    const alone = join(dir, "alone", "n.db");
    await ingestInto(alone, [folder("one", [titled(SPELLINGS[0]!)])]);
    const run = await ingestInto(dbPath, [
      folder(
        "four",
        SPELLINGS.map((name) => titled(name)),
      ),
    ]);
    expect(run.summary).toMatchObject({ ingested: 1, revised: 3, failed: [] });
    const [agency] = sql<{ id: number; name: string }>("SELECT id, name FROM agencies");
    expect(sql("SELECT count(*) AS n FROM agencies")).toEqual([{ n: 1 }]);
    const db = openReadonlyDb(dbPath);
    try {
      expect(aliasesOf(db, agency!.id)).toEqual([...SPELLINGS].sort());
      expect(agencyDetail(db, agency!.id)!.aliases).toEqual([...SPELLINGS].sort());
    } finally {
      db.$client.close();
    }
    expect(sql("SELECT count(*) AS n FROM reports WHERE is_current = 1 AND year = 2024")).toEqual([{ n: 1 }]);
    const single = openReadonlyDb(alone);
    const expected = overview(single, { year: 2024 }).national.find((n) => n.year === 2024)!;
    single.$client.close();
    expect(national(2024)).toEqual({ reports: 1, newReceived: expected.newReceived });
    await withDb(expectDerivedTablesHold);
  });

  it("merges two agencies the rules keep apart, re-running the cross-year check and the aggregates; split undoes it", async () => {
    const carryLine = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0";
    expect(seed000).toContain(carryLine);
    const later = titled("济南公共资源交易中心").replace(carryLine, "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2");
    const earlier = titled("济南市公共资源交易服务中心", 2023);
    await ingestInto(dbPath, [folder("two", [later, earlier])]);
    const ids = sql<{ id: number; name: string }>("SELECT id, name FROM agencies ORDER BY id");
    expect(ids).toHaveLength(2);
    expect(sql("SELECT count(*) AS n FROM report_issues WHERE code = 'identity.crossYear'")).toEqual([{ n: 0 }]);
    const idOf = (name: string) => String(ids.find((row) => row.name === name)!.id);
    const [a, b] = [idOf("济南公共资源交易中心"), idOf("济南市公共资源交易服务中心")];

    const { io, out } = captureIo();
    expect(await agenciesCli(["--db", dbPath, "list", "公共资源交易"], io)).toBe(0);
    expect(out.stdout).toContain(`#${b} 济南市公共资源交易服务中心 (370100); aliases: 济南市公共资源交易服务中心`);
    expect(await agenciesCli(["--db", dbPath, "merge", a, b], io)).toBe(0);
    expect(out.stdout).toMatch(/merged agency #\d+ into #\d+: 1 report moved/);
    expect(sql("SELECT count(*) AS n FROM agencies")).toEqual([{ n: 1 }]);
    expect(sql<{ n: number }>("SELECT count(*) AS n FROM report_issues WHERE code = 'identity.crossYear'")[0]!.n).toBeGreaterThan(0);
    await withDb(expectDerivedTablesHold);

    expect(await agenciesCli(["--db", dbPath, "split", a, "济南市公共资源交易服务中心"], io)).toBe(0);
    expect(sql("SELECT count(*) AS n FROM agencies")).toEqual([{ n: 2 }]);
    expect(sql("SELECT count(*) AS n FROM report_issues WHERE code = 'identity.crossYear'")).toEqual([{ n: 0 }]);
    await withDb(expectDerivedTablesHold);
    // A file printed with the split spelling follows it, and so does a new spelling of its canonical name.
    await ingestInto(dbPath, [folder("again", [titled("济南市公共资源交易服务中心", 2022), titled("济南公共资源交易服务中心（本级）", 2021)])]);
    const byAgency = new Map<number, string[]>();
    for (const { agency, name } of sql<{ agency: number; name: string }>("SELECT agency_id AS agency, agency_name AS name FROM reports ORDER BY year"))
      byAgency.set(agency, [...(byAgency.get(agency) ?? []), name]);
    expect([...byAgency.values()].sort((x, y) => x.length - y.length)).toEqual([
      ["济南公共资源交易中心"],
      ["济南公共资源交易服务中心（本级）", "济南市公共资源交易服务中心", "济南市公共资源交易服务中心"],
    ]);

    expect(await agenciesCli(["--db", dbPath, "split", a, "没有这个名字"], io)).toBe(1);
    expect(await agenciesCli(["--db", dbPath, "merge", a, a], io)).toBe(1);
    expect(await agenciesCli(["--db", dbPath, "merge", a], io)).toBe(2);
  });
});

/**
 * A database stored before migration 0010: one agency per normalised spelling, each spelling's file current.
 * Made from a current one by taking 0010 back out (its tables, columns and journal line) and splitting the agency.
 */
/** When migration 0010 was made: it and every later one are taken back out (the later ones run again as they are). */
const MIGRATION_0010_AT = journal.entries.find((entry) => entry.tag.startsWith("0010_"))!.when;

function makeLegacy(): void {
  const db = new Database(dbPath);
  const [first] = db.prepare("SELECT id, name, province, city, county, region_code FROM agencies").all() as {
    id: number;
    province: string;
    city: string;
    county: string;
    region_code: string;
  }[];
  const reportsBySpelling = db.prepare("SELECT id, agency_name FROM reports ORDER BY id").all() as { id: number; agency_name: string }[];
  const normalised = (name: string) => name.replace("⺠", "民").replace("（", "(").replace("）", ")");
  for (const { id, agency_name } of reportsBySpelling) {
    const name = normalised(agency_name);
    if (name === "南京市玄武区人民政府办公室") continue;
    const agency = db
      .prepare("INSERT INTO agencies (name, province, city, county, region_code) VALUES (?, ?, ?, ?, ?)")
      .run(name, first!.province, first!.city, first!.county, first!.region_code).lastInsertRowid;
    db.prepare("UPDATE reports SET agency_id = ?, is_current = 1 WHERE id = ?").run(agency, id);
  }
  // As ingest left it then: of the agency's files for a year, the one ingested last current.
  db.exec(`UPDATE reports SET is_current = (id = (SELECT max(id) FROM reports WHERE agency_id = ${first!.id})) WHERE agency_id = ${first!.id};
    UPDATE agencies SET name = '南京市玄武区人民政府办公室' WHERE id = ${first!.id};
    DROP TABLE agency_aliases; DROP TABLE agency_keys;
    ${["current_reason", "chosen_at", "agency_name", "signed_on", "published_on", "revision_mark"].map((c) => `ALTER TABLE reports DROP COLUMN ${c};`).join("\n")}
    DROP INDEX agencies_name_region; CREATE UNIQUE INDEX agencies_name_region ON agencies (name, region_code);
    DELETE FROM report_issues WHERE code = 'revision.undecided';
    DROP INDEX agencies_sort_key; ALTER TABLE agencies DROP COLUMN name_sort_key;
    DELETE FROM __drizzle_migrations WHERE created_at >= ${MIGRATION_0010_AT};
    DELETE FROM agency_totals; DELETE FROM region_year_agencies; DELETE FROM current_issue_codes;`);
  for (const [file, table] of [
    ["0004_agency_totals.sql", "agency_totals"],
    ["0006_region_year_agencies.sql", "region_year_agencies"],
    ["0007_current_issue_codes.sql", "current_issue_codes"],
  ] as const)
    db.exec(backfillOf(file, table));
  db.close();
}

describe("a database stored before migration 0010", () => {
  it("gets its split agencies merged by the step at open: one agency, one current report a year, sums counted once", async () => {
    await ingestInto(dbPath, [
      folder(
        "four",
        SPELLINGS.map((name) => titled(name)),
      ),
    ]);
    makeLegacy();
    expect(sql("SELECT count(*) AS n FROM agencies")).toEqual([{ n: 3 }]);
    expect(national(2024).reports).toBe(3);

    await withDb((db) => {
      expectDerivedTablesHold(db);
      const [agency] = db.$client.prepare("SELECT id FROM agencies").all() as { id: number }[];
      expect(aliasesOf(db, agency!.id)).toEqual(["南京市玄武区人民政府办公室", "南京市玄武区人民政府办公室(本级)", "玄武区人民政府办公室"]);
    });
    expect(sql("SELECT count(*) AS n FROM agencies")).toEqual([{ n: 1 }]);
    expect(national(2024).reports).toBe(1);
    // The documents' facts were not stored then: the file current first stays, and every file says so.
    expect(sql("SELECT current_reason AS reason FROM reports WHERE is_current = 1")).toEqual([{ reason: "undecided" }]);
    expect(sql("SELECT count(DISTINCT report_id) AS n FROM report_issues WHERE code = 'revision.undecided'")).toEqual([{ n: 4 }]);
    // Opening again changes nothing.
    const before = sql("SELECT * FROM agency_keys");
    await withDb(() => undefined);
    expect(sql("SELECT * FROM agency_keys")).toEqual(before);
  });
});
