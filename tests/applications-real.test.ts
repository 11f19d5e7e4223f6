import { describe, expect, it } from "vitest";
import { parseApplications } from "../lib/report/applications";
import { type ApplicationRow, PRINTED_ROWS } from "../lib/report/schema";
import { ROW_LABELS } from "../lib/report/template";

/** Layouts of 表三 met in real reports (tests/fixtures/real) that the generated ones do not have. */

const ROWS = PRINTED_ROWS["2021"];
const ONE_GRANTED: Partial<Record<ApplicationRow, number[]>> = {
  newReceived: [1, 0, 0, 0, 0, 0, 1],
  granted: [1, 0, 0, 0, 0, 0, 1],
  handledTotal: [1, 0, 0, 0, 0, 0, 1],
};
const valuesOf = (row: ApplicationRow) => ONE_GRANTED[row] ?? [0, 0, 0, 0, 0, 0, 0];

describe("表三 as real reports print it", () => {
  it("fills a row printed one digit short from the balance, and flags it (pingtan 033: 结转下年度 000000)", () => {
    const text = ROWS.map((row) => `${ROW_LABELS[row].label}${row === "carriedForward" ? "000000" : valuesOf(row).join("")}`).join("");
    const { applications, issues } = parseApplications(text, "2021");
    expect(Object.values(applications.carriedForward)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(applications.granted.total).toBe(1);
    expect(issues.find((i) => i.code === "table.missingCells")).toMatchObject({ where: { section: "applications", row: "carriedForward" } });
  });

  it("leaves a short row empty when the balance cannot fill it whole", () => {
    // 本年新收 one digit short, and 结转下年度 unreadable too: the balance has two unknowns.
    const text = ROWS.map(
      (row) => `${ROW_LABELS[row].label}${row === "newReceived" ? "10000" : row === "carriedForward" ? "00000" : valuesOf(row).join("")}`,
    ).join("");
    const { applications, issues } = parseApplications(text, "2021");
    expect(applications.newReceived.total).toBeNull();
    expect(issues.filter((i) => i.code === "table.missingCells").map((i) => i.where.row)).toEqual(["newReceived", "carriedForward"]);
  });

  it("reads one table line per row when a converter tore labels from their numbers (markdown D01)", () => {
    const lines = ROWS.map((row, i) => {
      const cells = valuesOf(row).join("\t");
      // Every third row lost its label to a loose line printed before the previous row.
      return i % 3 === 1 ? cells : `${ROW_LABELS[row].label}\t${cells}`;
    });
    // A loose label line placed right before the wrong numbers, as the converter did.
    lines.splice(2, 0, ROW_LABELS.unableNotHeld.label);
    const { applications, issues } = parseApplications(lines.join("\n"), "2021");
    for (const row of ROWS) expect(Object.values(applications[row]), row).toEqual(valuesOf(row));
    expect(issues.filter((i) => i.code === "section.missing" || i.code === "table.extraCells")).toEqual([]);
  });
});

describe("表三 cells that are not plain counts", () => {
  const table = (cells: Partial<Record<ApplicationRow, string>>, extra: (lines: string[]) => void = () => {}) => {
    const lines = ROWS.map((row) => `${ROW_LABELS[row].label}\t${cells[row] ?? valuesOf(row).join("\t")}`);
    extra(lines);
    return parseApplications(lines.join("\n"), "2021");
  };

  it("reads Chinese numerals among digit cells, and says so", () => {
    const { applications, issues } = table({ newReceived: "十四\t0\t0\t0\t0\t0\t十四" });
    expect(applications.newReceived.naturalPerson).toBe(14);
    expect(applications.newReceived.total).toBe(14);
    expect(issues.find((i) => i.code === "value.notCount")?.message).toContain("十四、十四 printed in Chinese numerals, read as 14、14");
  });

  it("reads a row of Chinese numerals only (十四 十 零 …), each beside another numeral, not beside digits", () => {
    const { applications, issues } = table({ newReceived: "十四\t十\t零\t零\t零\t零\t二十四" });
    expect(Object.values(applications.newReceived)).toEqual([14, 10, 0, 0, 0, 0, 24]);
    expect(issues.filter((i) => i.code === "section.missing" || i.code === "table.missingCells")).toEqual([]);
  });

  it("reads a lone - as an empty cell of the row, flagged at that cell, and keeps the row's other cells", () => {
    const { applications, issues } = table({ newReceived: "1\t-\t-\t－\t—\t-\t1", granted: "-\t-\t-\t-\t-\t-\t-" });
    expect(Object.values(applications.newReceived)).toEqual([1, null, null, null, null, null, 1]);
    expect(Object.values(applications.granted)).toEqual([null, null, null, null, null, null, null]);
    expect(Object.values(applications.handledTotal)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(issues.filter((i) => i.code === "section.missing" || i.code === "table.missingCells")).toEqual([]);
    const blanks = issues.filter((i) => i.code === "value.notApplicable");
    expect(blanks).toHaveLength(12);
    expect(blanks[2]).toMatchObject({
      severity: "info",
      message: '一、本年新收政府信息公开申请数量 nonprofit: printed as "－", stored as empty',
      where: { section: "applications", row: "newReceived", column: "nonprofit" },
    });
  });

  it("keeps a heading's numeral on a line of its own as text (三\\n、本年度办理结果)", () => {
    const text = ROWS.map((row) => `${row === "granted" ? "三\n、本年度办理结果\n" : ""}${ROW_LABELS[row].label}\t${valuesOf(row).join("\t")}`).join("\n");
    const { applications, issues } = parseApplications(text, "2021");
    expect(Object.values(applications.carriedOver)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(issues.filter((i) => i.code === "value.notCount")).toEqual([]);
  });

  it("stores no decimal where a count belongs", () => {
    const { applications, issues } = table({ granted: "1.5\t0\t0\t0\t0\t0\t1.5" });
    expect(applications.granted.total).toBeNull();
    expect(issues).toContainEqual(expect.objectContaining({ code: "value.notCount", where: { section: "applications", row: "granted" } }));
  });

  it("stores a row printed twice only when both printings agree", () => {
    const twice = table({}, (lines) => lines.splice(3, 0, `${ROW_LABELS.granted.label}\t2\t0\t0\t0\t0\t0\t2`));
    expect(twice.applications.granted.total).toBeNull();
    expect(twice.issues.find((i) => i.code === "table.duplicateRow")?.message).toContain('("1 0 0 0 0 0 1", then "2 0 0 0 0 0 2")');
    const same = table({}, (lines) => lines.splice(3, 0, `${ROW_LABELS.granted.label}\t1\t0\t0\t0\t0\t0\t1`));
    expect(same.applications.granted.total).toBe(1);
    expect(same.issues.map((i) => i.code)).toContain("table.duplicateRow");
  });

  it("does not take a narrative sentence with a figure after the table for a row printed again (办结率100%)", () => {
    const { applications, issues } = table({}, (lines) => lines.push("全年依法予以公开并及时答复，答复率和办结率均为100%。"));
    expect(applications.granted.total).toBe(1);
    expect(issues.filter((i) => i.code === "table.duplicateRow")).toEqual([]);
  });
});

describe("表三 rows printed without numbers", () => {
  it("flags them table.missingCells, not as rows the report lacks (pingtan 058)", () => {
    const text = ROWS.map((row) => `${ROW_LABELS[row].label}${row === "otherNoFee" || row === "otherOther" ? "" : valuesOf(row).join("")}`).join("");
    const { applications, issues } = parseApplications(text, "2021");
    expect(applications.otherNoFee.total).toBeNull();
    expect(issues.filter((i) => i.where.row === "otherNoFee" || i.where.row === "otherOther").map((i) => i.code)).toEqual([
      "table.missingCells",
      "table.missingCells",
    ]);
  });
});
