import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Aliases, Versions } from "../components/Versions";
import type { RevisionRow } from "../db/queries";

const row = (id: number, facts: Partial<RevisionRow>): RevisionRow => ({
  id,
  fileName: `${id}.pdf`,
  sha256: String(id).repeat(64).slice(0, 64),
  mediaType: "application/pdf",
  ingestedAt: "2026-12-01T00:00:00.000Z",
  isCurrent: false,
  currentReason: null,
  chosenAt: null,
  agencyName: "南京市玄武区人民政府办公室",
  signedOn: null,
  publishedOn: null,
  revisionMark: null,
  ...facts,
});

describe("the report page's versions and the agency page's aliases", () => {
  it("lists every file with its source, and says which is current and why", () => {
    const versions = [
      row(1, { signedOn: "2023-01-10" }),
      row(2, { isCurrent: true, currentReason: "revisionMark", revisionMark: "更正", signedOn: "2023-01-20" }),
    ];
    const html = renderToStaticMarkup(createElement(Versions, { versions, shownId: 1 }));
    expect(html).toContain('href="/sources/1111111111111111111111111111111111111111111111111111111111111111">1.pdf</a>');
    expect(html).toContain("2.pdf</a> （当前版本）");
    expect(html).toContain("1.pdf</a> （非当前版本）");
    expect(html).toContain("当前版本：#2，文件标明更正/修订/修正");
    expect(html).toContain("落款 2023-01-20");
    expect(html).toContain("标记“更正”");
    expect(renderToStaticMarkup(createElement(Versions, { versions: versions.slice(0, 1), shownId: 1 }))).toBe("");
  });

  it("shows every spelling of an agency", () => {
    const html = renderToStaticMarkup(createElement(Aliases, { aliases: ["南京市玄武区人⺠政府办公室", "玄武区人民政府办公室"] }));
    expect(html).toContain("报告中出现的名称（2）：南京市玄武区人⺠政府办公室；玄武区人民政府办公室");
  });
});
