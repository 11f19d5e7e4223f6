import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openReadonlyDb } from "../db/client";
import { agencyFacets, listAgencies } from "../db/queries";
import { buildSeedDb } from "./support/seed-db";

/** The web connection reuses its prepared statements (db/client.ts reuseStatements) without mixing their modes. */

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-statements-"));
  buildSeedDb(join(dir, "nianbao.db"));
  db = openReadonlyDb(join(dir, "nianbao.db"));
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const SQL = "SELECT id, name FROM agencies ORDER BY id";

describe("the read-only connection's statements", () => {
  it("are prepared once per SQL text", () => {
    expect(db.$client.prepare(SQL)).toBe(db.$client.prepare(SQL));
    expect(db.$client.prepare(SQL)).not.toBe(db.$client.prepare(`${SQL} LIMIT 1`));
  });

  it("come back in plain mode whatever the last user set", () => {
    const rows = db.$client.prepare(SQL).all();
    expect(db.$client.prepare(SQL).raw(true).all()[0]).toEqual(Object.values(rows[0] as object));
    expect(db.$client.prepare(SQL).all()).toEqual(rows);
    db.$client.prepare(SQL).pluck(true);
    expect(db.$client.prepare(SQL).get()).toEqual(rows[0]);
  });

  it("are not handed out while an iterator still reads them", () => {
    const reading = db.$client.prepare(SQL);
    const iterator = reading.iterate();
    iterator.next();
    const other = db.$client.prepare(SQL);
    expect(other).not.toBe(reading);
    expect(other.all().length).toBeGreaterThan(1);
    iterator.return?.();
    expect(db.$client.prepare(SQL)).toBe(reading);
  });

  it("give the same answers as fresh statements to queries run many times", () => {
    const query = { sort: "grantRate", dir: "desc", page: 1, pageSize: 10 } as const;
    const first = [listAgencies(db, query), agencyFacets(db, {})];
    for (let i = 0; i < 3; i++) expect([listAgencies(db, query), agencyFacets(db, {})]).toEqual(first);
  });
});
