import { describe, expect, it } from "vitest";
import { groupedQuery } from "../components/compare/KeepTicked";

describe("the comparison pick form's query", () => {
  it("keeps each key's values together, in their order, each once", () => {
    const fields: [string, string][] = [
      ["agency", "69"],
      ["measure", "grantRate"],
      ["measure", "withheldRate"],
      ["agency", "36"],
      ["agency", "69"],
      ["from", "2021"],
    ];
    expect(groupedQuery(fields)).toBe("agency=69&agency=36&measure=grantRate&measure=withheldRate&from=2021");
    expect(groupedQuery([])).toBe("");
  });
});
