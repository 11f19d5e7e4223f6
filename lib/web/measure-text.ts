import { DERIVED_FORMULAS, measureLabel, type DerivedMeasure, type Formula } from "../report/measures";
import type { CellRef } from "../report/measures";

/**
 * A measure's formula in words, written from the formula itself (lib/report/measures.ts), so the methodology page
 * can never say other than what is computed: cells by the template's labels, ＋ − ÷, a missing value read as 0 said so.
 */

const cellKey = (ref: CellRef) => (ref.kind === "applications" ? `applications.${ref.row}.${ref.column}` : `reviewLitigation.${ref.group}.${ref.field}`);

const tableOf = (ref: CellRef) => (ref.kind === "applications" ? "表三" : "表四");

/** The cell as a reader finds it: 表三 （一）予以公开（总计）. */
export const cellText = (ref: CellRef) => `${tableOf(ref)} ${measureLabel(cellKey(ref))}`;

function text(formula: Formula, nested: boolean): string {
  switch (formula.op) {
    case "cell":
      return cellText(formula.cell);
    case "add": {
      const sum = formula.terms.map((term) => text(term, true)).join(" ＋ ");
      return nested && formula.terms.length > 1 ? `（${sum}）` : sum;
    }
    case "subtract": {
      const difference = `${text(formula.left, true)} − ${text(formula.right, true)}`;
      return nested ? `（${difference}）` : difference;
    }
    case "orZero":
      return `${text(formula.of, true)}［缺失记为 0］`;
    case "ratio":
      return `${text(formula.numerator, true)} ÷ ${text(formula.denominator, true)}`;
  }
}

export function formulaText(formula: Formula): string {
  return text(formula, false);
}

/** The denominator of a rate in words, or null for a count. */
export function denominatorText(formula: Formula): string | null {
  return formula.op === "ratio" ? text(formula.denominator, false) : null;
}

/** The numerator of a rate (or the whole formula of a count) in words. */
export function numeratorText(formula: Formula): string {
  return formula.op === "ratio" ? text(formula.numerator, false) : text(formula, false);
}

export const derivedFormulaText = (measure: DerivedMeasure) => formulaText(DERIVED_FORMULAS[measure]);
