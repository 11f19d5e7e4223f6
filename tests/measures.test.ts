import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addCounts,
  allMeasureKeys,
  DERIVED_MEASURES,
  deriveMeasures,
  distribution,
  isRateMeasure,
  type MatrixCounts,
  measureInputs,
  measureLabel,
  measureValue,
  measureValues,
  OUTCOME_ROWS,
  outcomeGroupCounts,
  outcomeGroupShares,
  outcomeRowShares,
  parseMeasure,
  ratio,
  sumCounts,
} from "../lib/report/measures";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, type ApplicationRow, REVIEW_FIELDS, REVIEW_GROUPS } from "../lib/report/schema";

/** Counts with the given row totals (other columns 0) and 表四 groups. */
function counts(totals: Partial<Record<ApplicationRow, number | null>>, review: MatrixCounts["reviewLitigation"] = {}): MatrixCounts {
  const applications: MatrixCounts["applications"] = {};
  for (const [row, total] of Object.entries(totals) as [ApplicationRow, number | null][]) {
    applications[row] = { naturalPerson: total, business: 0, research: 0, nonprofit: 0, legal: 0, otherOrg: 0, total };
  }
  return { applications, reviewLitigation: review };
}

const group = (upheld: number, corrected: number, other: number, pending: number) => ({
  upheld,
  corrected,
  other,
  pending,
  total: upheld + corrected + other + pending,
});

describe("sums and ratios", () => {
  it("adds known values and keeps all-missing as missing", () => {
    expect(addCounts(1, null, 2)).toBe(3);
    expect(addCounts(null, null)).toBeNull();
    expect(addCounts()).toBeNull();
    expect(addCounts(0, null)).toBe(0);
  });

  it("gives null, never NaN or Infinity, for a zero or missing denominator", () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, null)).toBeNull();
    expect(ratio(null, 3)).toBeNull();
  });
});

describe("derived measures (dictionary §7)", () => {
  const report = counts(
    {
      newReceived: 10,
      carriedOver: 2,
      granted: 4,
      partiallyGranted: 1,
      withheldStateSecret: 1,
      withheldThirdParty: 1,
      unableNotHeld: 2,
      rejectedDuplicate: 1,
      otherTotal: 0,
      handledTotal: 10,
      carriedForward: 2,
    },
    { reconsideration: group(2, 1, 0, 1), litigationDirect: group(1, 1, 0, 0), litigationAfterReconsideration: group(0, 1, 1, 2) },
  );

  it("computes every measure from the printed counts", () => {
    report.applications.newReceived = { naturalPerson: 7, business: 3, research: 0, nonprofit: 0, legal: 0, otherOrg: 0, total: 10 };
    expect(deriveMeasures(report)).toEqual({
      applicationsTotal: 12,
      grantRate: 0.5,
      withheldRate: 0.2,
      unableRate: 0.2,
      rejectedRate: 0.1,
      orgShare: 0.3,
      reconsiderationCorrectionRate: 1 / 3,
      litigationTotal: 6,
      litigationCorrectionRate: 2 / 4,
    });
  });

  it("gives null for every rate of an agency that handled nothing", () => {
    const none = counts({ newReceived: 0, carriedOver: 0, granted: 0, handledTotal: 0 }, { reconsideration: group(0, 0, 0, 0) });
    const derived = deriveMeasures(none);
    expect(derived.applicationsTotal).toBe(0);
    for (const key of DERIVED_MEASURES.filter(isRateMeasure)) expect(derived[key]).toBeNull();
  });

  it("leaves correction rates null while every case is still pending (no concluded case)", () => {
    const pending = counts({}, { reconsideration: group(0, 0, 0, 3), litigationDirect: group(0, 0, 0, 1) });
    expect(deriveMeasures(pending).reconsiderationCorrectionRate).toBeNull();
    expect(deriveMeasures(pending).litigationCorrectionRate).toBeNull();
    expect(deriveMeasures(pending).litigationTotal).toBe(1);
  });

  it("ignores the rows a template version does not print (2019 has no （六） sub-rows)", () => {
    const version2019 = counts({ granted: 2, otherNoCorrection: null, otherNoFee: null, otherTotal: 1, handledTotal: 3 });
    expect(outcomeGroupCounts(version2019).other).toBe(1);
    expect(deriveMeasures(version2019).grantRate).toBe(2 / 3);
  });

  it("pools rates from summed counts, not by averaging the members' rates", () => {
    const small = counts({ granted: 1, handledTotal: 1 });
    const large = counts({ granted: 0, handledTotal: 9 });
    const pooled = deriveMeasures(sumCounts([small, large])).grantRate;
    expect(pooled).toBe(0.1);
    expect(pooled).not.toBe((1 + 0) / 2);
  });

  it("keeps missing cells missing when summing", () => {
    const sum = sumCounts([counts({ otherNoFee: null }), counts({ otherNoFee: null })]);
    expect(sum.applications.otherNoFee?.total).toBeNull();
    expect(sumCounts([counts({ granted: 2 }), counts({ granted: null })]).applications.granted?.total).toBe(2);
  });
});

describe("outcome mix", () => {
  const report = counts({ granted: 3, partiallyGranted: 1, withheldThirdParty: 2, unableNotHeld: 2, rejectedComplaint: 1, otherTotal: 1, handledTotal: 10 });

  it("gives each outcome row's share of （七）总计", () => {
    const shares = outcomeRowShares(report);
    expect(shares.granted).toBe(0.3);
    expect(shares.withheldThirdParty).toBe(0.2);
    expect(shares.withheldStateSecret).toBeNull();
    expect(Object.keys(shares)).toEqual([...OUTCOME_ROWS]);
  });

  it("groups the rows as printed, （一） to （六）, adding up to one when the table balances", () => {
    expect(outcomeGroupCounts(report)).toEqual({ granted: 3, partiallyGranted: 1, withheld: 2, unable: 2, rejected: 1, other: 1 });
    const shares = outcomeGroupShares(report);
    expect(Object.values(shares).reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBeCloseTo(1);
    expect(outcomeGroupShares(counts({ granted: 0, handledTotal: 0 })).granted).toBeNull();
  });
});

describe("measure keys", () => {
  it("reads raw cells, derived measures and outcome shares, and rejects anything else", () => {
    expect(parseMeasure("applications.granted.total")).toEqual({ kind: "applications", row: "granted", column: "total" });
    expect(parseMeasure("reviewLitigation.reconsideration.corrected")).toEqual({ kind: "reviewLitigation", group: "reconsideration", field: "corrected" });
    expect(parseMeasure("grantRate")).toEqual({ kind: "derived", measure: "grantRate" });
    expect(parseMeasure("outcomeShare.withheldThirdParty")).toEqual({ kind: "outcomeShare", row: "withheldThirdParty" });
    for (const bad of [
      "",
      "grantRate.total",
      "applications.granted",
      "applications.nope.total",
      "applications.granted.total.x",
      "outcomeShare.newReceived",
      "constructor",
      "__proto__",
    ])
      expect(parseMeasure(bad)).toBeNull();
    expect(measureValue(counts({}), "nonsense")).toBeNull();
  });

  it("knows rates from counts and labels them as printed", () => {
    expect(isRateMeasure("grantRate")).toBe(true);
    expect(isRateMeasure("outcomeShare.granted")).toBe(true);
    expect(isRateMeasure("applicationsTotal")).toBe(false);
    expect(isRateMeasure("applications.granted.total")).toBe(false);
    expect(measureLabel("applications.newReceived.business")).toBe("一、本年新收政府信息公开申请数量（商业企业）");
    expect(measureLabel("reviewLitigation.litigationDirect.pending")).toBe("未经复议直接起诉·尚未审结");
  });

  it("lists every measure a comparison offers, each a valid key", () => {
    const keys = allMeasureKeys();
    expect(keys).toHaveLength(9 + OUTCOME_ROWS.length + APPLICATION_ROWS.length * 7 + 15);
    for (const key of keys) expect(parseMeasure(key)).not.toBeNull();
  });

  const cellArbitrary = fc.option(fc.nat({ max: 50 }), { nil: null, freq: 5 });
  const matrixArbitrary = fc.record({
    applications: fc.record(
      Object.fromEntries(APPLICATION_ROWS.map((row) => [row, fc.record(Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, cellArbitrary])))])),
    ),
    reviewLitigation: fc.record(Object.fromEntries(REVIEW_GROUPS.map((g) => [g, fc.record(Object.fromEntries(REVIEW_FIELDS.map((f) => [f, cellArbitrary])))]))),
  }) as fc.Arbitrary<MatrixCounts>;

  it("declares every cell a measure reads: the measure of only its inputs equals the measure of all counts", () => {
    fc.assert(
      fc.property(matrixArbitrary, fc.constantFrom(...allMeasureKeys()), (full, key) => {
        const inputs = measureInputs(key);
        const restricted: MatrixCounts = { applications: {}, reviewLitigation: {} };
        for (const [row, columns] of Object.entries(inputs.applications))
          restricted.applications[row as ApplicationRow] = Object.fromEntries(columns.map((c) => [c, full.applications[row as ApplicationRow]?.[c] ?? null]));
        for (const [g, fields] of Object.entries(inputs.reviewLitigation))
          restricted.reviewLitigation[g as (typeof REVIEW_GROUPS)[number]] = Object.fromEntries(
            fields.map((f) => [f, full.reviewLitigation[g as (typeof REVIEW_GROUPS)[number]]?.[f] ?? null]),
          );
        expect(measureValue(restricted, key)).toBe(measureValue(full, key));
      }),
      { numRuns: 300 },
    );
  });

  it("never returns NaN or an infinite rate, whatever the counts", () => {
    fc.assert(
      fc.property(matrixArbitrary, (matrix) => {
        for (const value of Object.values(measureValues(matrix, allMeasureKeys()))) expect(value === null || Number.isFinite(value)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("distribution over a group's members", () => {
  it("gives the median and quartiles by linear interpolation", () => {
    expect(distribution([4, 1, 3, 2])).toEqual({ n: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(distribution([5])).toEqual({ n: 1, min: 5, q1: 5, median: 5, q3: 5, max: 5 });
  });

  it("leaves out members without a value (a zero denominator), never counting them as 0", () => {
    expect(distribution([null, 1, null, 3])).toEqual({ n: 2, min: 1, q1: 1.5, median: 2, q3: 2.5, max: 3 });
    expect(distribution([null, null])).toBeNull();
    expect(distribution([])).toBeNull();
  });
});
