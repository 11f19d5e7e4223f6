import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_GOLDENS, type Gap, gapOf, goldenIndex, readCorpusFile } from "../lib/cli/corpus";
import type { CliIo } from "../lib/cli/io";
import { type Comparison, compareWithGolden, type Golden, isExact } from "../lib/corpus/golden";
import { main } from "../scripts/corpus";
import { capturedOutput } from "./support/output";

/**
 * Every real document of tests/fixtures/real against its hand-read golden file. No stored number may differ from
 * the golden file, no fact (agency, year, period, template, region) either, and every refusal must be right. A
 * document not yet read in full is listed in known-gaps.json with what it still misses (cells not stored, flags
 * not raised): that list may only shrink; every other document must be read exactly.
 */

const KNOWN_GAPS: Record<string, Gap> = JSON.parse(readFileSync(join(DEFAULT_GOLDENS, "known-gaps.json"), "utf8"));
const folders = readdirSync(DEFAULT_GOLDENS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const index = goldenIndex(DEFAULT_GOLDENS);

describe("the real corpus (tests/fixtures/real)", () => {
  it("has a golden file for every folder and no stale entry in known-gaps.json", () => {
    expect(folders.length).toBeGreaterThanOrEqual(70);
    for (const folder of folders) expect(existsSync(join(DEFAULT_GOLDENS, folder, "expected.json")), folder).toBe(true);
    for (const folder of Object.keys(KNOWN_GAPS)) expect(folders, folder).toContain(folder);
  });

  for (const folder of folders) {
    it(folder, async () => {
      const golden = JSON.parse(readFileSync(join(DEFAULT_GOLDENS, folder, "expected.json"), "utf8")) as Golden;
      const { comparison } = await readCorpusFile(join(DEFAULT_GOLDENS, folder, golden.file), index);
      if (!comparison) throw new Error(`${folder}: no golden file found for ${golden.file}`);
      expect(comparison.outcomeMessage, "outcome").toBeNull();
      expect(comparison.factsWrong, "facts").toEqual([]);
      expect(
        comparison.cells.filter((c) => c.verdict === "wrong"),
        "wrong cells",
      ).toEqual([]);
      expect(comparison.narrativeFalse, "false narrative alarms").toEqual([]);
      const known = KNOWN_GAPS[folder];
      if (!known) {
        expect(isExact(comparison), `${folder} is read exactly (or is listed in known-gaps.json)`).toBe(true);
        return;
      }
      const gap = gapOf(comparison);
      expect(gap.notStored, "cells not stored").toBeLessThanOrEqual(known.notStored);
      expect(gap.flagsMissing, "expected flags not raised").toBeLessThanOrEqual(known.flagsMissing);
      expect(gap.narrativeMissed, "narrative mismatches not raised").toBeLessThanOrEqual(known.narrativeMissed);
      expect(isExact(comparison), `${folder} is read exactly now: remove it from known-gaps.json`).toBe(false);
    });
  }
});

describe("the comparison with a golden file", () => {
  const folder = join(DEFAULT_GOLDENS, "seed-000_b4828625506371c4");
  const golden = JSON.parse(readFileSync(join(folder, "expected.json"), "utf8")) as Extract<Golden, { outcome: "report" }>;

  async function parsedSeed() {
    const { parsed } = await readCorpusFile(join(folder, golden.file), new Map());
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed;
  }

  it("finds a number that differs, a flag not raised, a wrong fact and a false narrative alarm", async () => {
    const parsed = await parsedSeed();
    const altered: Golden = {
      ...golden,
      year: golden.year + 1,
      applications: { ...golden.applications, granted: [3, 0, 0, 0, 0, 0, 3] },
      flags: [...golden.flags, { code: "identity.balance", at: "applications" }],
    };
    parsed.report.issues.push({
      code: "narrative.mismatch",
      severity: "warning",
      message: "x",
      where: { section: "applications", row: "newReceived", column: "total" },
    });
    const comparison = compareWithGolden(altered, parsed);
    expect(isExact(comparison)).toBe(false);
    expect(comparison.factsWrong).toEqual([`year: ${golden.year} ≠ ${golden.year + 1}`]);
    expect(comparison.cells.filter((c) => c.verdict === "wrong").map((c) => c.path)).toEqual([
      "applications.granted.naturalPerson",
      "applications.granted.total",
    ]);
    expect(comparison.flagsMissing).toEqual([{ code: "identity.balance", at: "applications" }]);
    expect(comparison.narrativeFalse).toEqual(["applications.newReceived.total"]);
  });

  it("takes a cell the golden file calls ambiguous as right only when it is not stored and the table is flagged", async () => {
    const parsed = await parsedSeed();
    const ambiguous: Golden = { ...golden, proactive: { ...golden.proactive, "normativeDocs.issued": "ambiguous" } };
    const cell = (c: Comparison) => c.cells.find((x) => x.path === "proactive.normativeDocs.issued");
    expect(cell(compareWithGolden(ambiguous, parsed))?.verdict).toBe("wrong");
    parsed.report.proactive = parsed.report.proactive.map((c) => (c.key === "normativeDocs.issued" ? { ...c, value: null } : c));
    expect(cell(compareWithGolden(ambiguous, parsed))?.verdict).toBe("notStored");
    parsed.report.issues.push({ code: "table.ambiguous", severity: "error", message: "x", where: { section: "proactive", row: "normativeDocs.issued" } });
    expect(cell(compareWithGolden(ambiguous, parsed))?.verdict).toBe("exact");
  });

  it("wants a refusal with its reason, and a report where the golden file has one", async () => {
    const parsed = await parsedSeed();
    const refused: Golden = { outcome: "refused", file: golden.file, refusedBecause: "not a 政府信息公开工作年度报告" };
    expect(compareWithGolden(refused, parsed).outcomeRight).toBe(false);
    expect(compareWithGolden(refused, { ok: false, reason: "not a 政府信息公开工作年度报告: a letter" }).outcomeRight).toBe(true);
    expect(compareWithGolden(golden, { ok: false, reason: "no 表三 found" }).outcomeRight).toBe(false);
  });
});

describe("npm run corpus", () => {
  function capture() {
    const { out, writers } = capturedOutput();
    const io: CliIo = { ...writers, readFile: async (p) => readFileSync(p) };
    return { io, out };
  }

  it("prints each file and the summary line, and fails when a golden cell is not matched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-corpus-"));
    cpSync(join(DEFAULT_GOLDENS, "seed-002_6a5d2ff36741822c"), join(dir, "seed-002"), { recursive: true });
    cpSync(join(DEFAULT_GOLDENS, "near-miss-NM02_pingtan_jjfzj_2015_luoshiqingkuang_han"), join(dir, "nm02"), { recursive: true });
    const good = capture();
    expect(await main([dir], good.io)).toBe(0);
    expect(good.out.stdout).toMatch(/seed-002\/002_6a5d2ff36741822c\.txt: 淄博市公共资源交易中心 2023/);
    expect(good.out.stdout.trim().split("\n").pop()).toBe(
      "real corpus: 200/200 cells exact, 0 wrong (0 wrong and unflagged), 0 not stored; 0/0 expected flags raised, 0 false narrative alarms; 1/1 refusals right; 2/2 documents exact",
    );

    const path = join(dir, "seed-002", "expected.json");
    const golden = JSON.parse(readFileSync(path, "utf8"));
    golden.applications.newReceived = [4, 1, 0, 0, 0, 0, 5];
    writeFileSync(path, JSON.stringify(golden));
    const bad = capture();
    expect(await main([dir, "--verbose"], bad.io)).toBe(1);
    expect(bad.out.stdout).toContain("applications.newReceived.naturalPerson: wrong");
    expect(bad.out.stdout.trim().split("\n").pop()).toMatch(/^real corpus: 198\/200 cells exact, 2 wrong \(2 wrong and unflagged\)/);
  });

  it("finds golden files by the document's name when run over another folder (../shared/corpus)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-corpus-"));
    cpSync(join(DEFAULT_GOLDENS, "seed-003_5d74269b466e49b9", "003_5d74269b466e49b9.txt"), join(dir, "003_5d74269b466e49b9.txt"));
    writeFileSync(join(dir, "SOURCES.tsv"), "file\tagency\n");
    const { io, out } = capture();
    expect(await main([dir], io)).toBe(0);
    expect(out.stdout).toContain("1/1 documents exact");
    expect(out.stdout).not.toContain("SOURCES.tsv");
  });
});
