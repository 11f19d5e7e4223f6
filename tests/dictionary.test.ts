import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, ISSUE_CODES, REVIEW_FIELDS, REVIEW_GROUPS, ReportSchema } from "../lib/report/schema";
import { PROACTIVE_TEMPLATE } from "../lib/report/template";

const ROOT = join(import.meta.dirname, "..");
const dictionary = readFileSync(join(ROOT, "docs", "DATA-DICTIONARY.md"), "utf8");
/** The codes Nianbao adds beyond the shared dictionary, kept in one marked block of §6. */
const NIANBAO_BLOCK = /\n<!-- nianbao: begin[^\n]*-->\n[\s\S]*?<!-- nianbao: end -->\n/;

/** The backticked keys in the first column of the tables under a heading. */
function tableKeys(heading: string): string[] {
  const from = dictionary.indexOf(heading);
  const to = dictionary.indexOf("\n## ", from + 1);
  const section = dictionary.slice(from, to < 0 ? undefined : to);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] as string));
}

describe("the zod schema follows docs/DATA-DICTIONARY.md", () => {
  it("is the same dictionary as the shared one, when that is beside the repo, but for the marked block of Nianbao's codes", () => {
    const shared = join(ROOT, "..", "shared", "DATA-DICTIONARY.md");
    expect(dictionary).toMatch(NIANBAO_BLOCK);
    if (existsSync(shared)) expect(dictionary.replace(NIANBAO_BLOCK, "")).toBe(readFileSync(shared, "utf8"));
  });

  it("has every report key of §2", () => {
    const keys = tableKeys("## 2. Report").filter((key) => !key.includes("."));
    expect(keys.length).toBeGreaterThan(8);
    for (const key of keys) expect(Object.keys(ReportSchema.shape)).toContain(key);
  });

  it("has every row key of §4, in printed order, and the seven columns", () => {
    expect(tableKeys("## 4. Applications")).toEqual([...APPLICATION_ROWS]);
    for (const column of APPLICANT_COLUMNS) expect(dictionary).toContain(`\`${column}\``);
  });

  it("has the three groups and five fields of §5", () => {
    const section = dictionary.slice(dictionary.indexOf("## 5."), dictionary.indexOf("## 6."));
    for (const key of [...REVIEW_GROUPS, ...REVIEW_FIELDS]) expect(section).toMatch(new RegExp(`\\b${key}\\b`));
  });

  it("has every issue code of §6", () => {
    for (const code of tableKeys("## 6. Issues")) expect(ISSUE_CODES).toContain(code);
  });

  it("has every proactive key of §3 in the template of its version", () => {
    const templateKeys = new Set(Object.values(PROACTIVE_TEMPLATE).flatMap((bands) => bands.flatMap((b) => b.rows.flatMap((r) => r.fields.map((f) => f.key)))));
    const documented = expandKeys(tableKeys("## 3. Proactive"));
    expect(documented.length).toBeGreaterThan(20);
    for (const key of documented) expect(templateKeys).toContain(key);
  });
});

/** `regulations.issued` / `.repealed` / `.inForce`: a key starting with "." takes the prefix of the key before it. */
function expandKeys(keys: string[]): string[] {
  let prefix = "";
  return keys.map((key) => {
    if (!key.startsWith(".")) prefix = key.split(".")[0] as string;
    return key.startsWith(".") ? prefix + key : key;
  });
}
