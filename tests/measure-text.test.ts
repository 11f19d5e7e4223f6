import { describe, expect, it } from "vitest";
import { DERIVED_FORMULAS, DERIVED_MEASURES, formulaCells, isRateMeasure, measureFormula } from "../lib/report/measures";
import { cellText, denominatorText, formulaText, numeratorText } from "../lib/web/measure-text";

/** The methodology page's formulas are written from the formulas computed (issue 17.6): every cell read is named. */
describe("measures in words", () => {
  it("names every cell a measure reads, and a denominator exactly for the rates", () => {
    for (const measure of DERIVED_MEASURES) {
      const formula = DERIVED_FORMULAS[measure];
      const text = formulaText(formula);
      for (const cell of formulaCells(formula)) expect(text, measure).toContain(cellText(cell));
      expect(denominatorText(formula) !== null, measure).toBe(isRateMeasure(measure));
    }
  });

  it("writes the grant rate and the reconsideration correction rate as the dictionary defines them", () => {
    expect(denominatorText(DERIVED_FORMULAS.grantRate)).toBe("表三 （七）总计（总计）");
    expect(numeratorText(DERIVED_FORMULAS.grantRate)).toBe(
      "表三 （一）予以公开（总计） ＋ 表三 （二）部分公开（区分处理的，只计这一情形，不计其他情形）（总计）",
    );
    expect(denominatorText(DERIVED_FORMULAS.reconsiderationCorrectionRate)).toBe("表四 行政复议·总计 − 表四 行政复议·尚未审结［缺失记为 0］");
    expect(formulaText(measureFormula("outcomeShare.withheldThirdParty")!)).toBe("表三 4.保护第三方合法权益（总计） ÷ 表三 （七）总计（总计）");
    expect(formulaText(measureFormula("applications.granted.business")!)).toBe("表三 （一）予以公开（商业企业）");
  });
});
