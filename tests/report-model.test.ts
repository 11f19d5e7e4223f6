import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as reportApi } from "../app/api/reports/[file]/route";
import { openWritableDb } from "../db/client";
import { openWebDb } from "../db/queries";
import { SqliteStore } from "../db/sqlite-store";
import { storeReport } from "../db/write";
import { sha256 } from "../lib/ingest/hash";
import { buildSeedDb, parsedSeed, seedTexts } from "./support/seed-db";

/**
 * Issue 16 (7): the report page, its JSON and its CSV are built from one model (reportModel), so they carry the same
 * values, each number's PDF page included (the JSON once left the pages out).
 */

let dir: string;
let path: string;
let id: number;
const previousDb = process.env.NIANBAO_DB;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-model-"));
  path = join(dir, "nianbao.db");
  buildSeedDb(path);
  const seed = seedTexts()[0]!;
  const parsed = parsedSeed({ ...seed, text: `${seed.text}\n` });
  const numberPages = { proactive: { "regulations.issued": 2 }, applications: { newReceived: 3, carriedForward: 4 }, reviewLitigation: { reconsideration: 4 } };
  const report = {
    ...parsed,
    source: { ...parsed.source, sha256: sha256(Buffer.from(`${seed.text}\n`)), mediaType: "application/pdf", pages: 5, numberPages },
  };
  const db = openWritableDb(path);
  id = db.transaction((tx) => storeReport(tx, report, "2026-01-03T00:00:00.000Z")).reportId;
  db.$client.close();
  process.env.NIANBAO_DB = path;
});
afterAll(() => {
  process.env.NIANBAO_DB = previousDb;
  rmSync(dir, { recursive: true, force: true });
});

const call = (file: string, query = "") => reportApi(new Request(`http://localhost/api/reports/${file}${query}`), { params: Promise.resolve({ file }) });

describe("one model for the report page and its twins", () => {
  it("gives the JSON exactly the model the page renders, pages included", async () => {
    const db = openWebDb(path);
    const model = (await new SqliteStore(db).reportModel(id))!;
    db.$client.close();
    expect(model.numberPages?.applications.newReceived).toBe(3);
    const { citation, ...json } = await (await call(`${id}.json`)).json();
    expect(json).toEqual(JSON.parse(JSON.stringify(model)));
    // The model and, beside it, how to cite it (issue 17.6).
    expect(citation).toMatchObject({ source: expect.stringContaining("年报 Nianbao"), url: `http://localhost/api/reports/${id}.json` });
    expect(citation.text).toContain(`http://localhost/api/reports/${id}.json，${citation.retrieved.slice(0, 10)} 访问`);
  });

  it("lists every number's page in the CSV's pages table, as in the model", async () => {
    const csv = await (await call(`${id}.csv`, "?table=pages")).text();
    const rows = csv
      .trim()
      .split(/\r\n/)
      .slice(1)
      .map((line) => line.split(","));
    expect(rows.sort()).toEqual([
      ["applications", "carriedForward", "4"],
      ["applications", "newReceived", "3"],
      ["proactive", "regulations.issued", "2"],
      ["reviewLitigation", "reconsideration", "4"],
    ]);
  });
});
