import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApplicationsTable, ProactiveTable, ReviewLitigationTable, type SourcePages } from "../components/ReportTables";
import { reportFromFile } from "../lib/pipeline/job";
import { fixtureDirs } from "./support/fixtures";

/** The href of the link inside the table cell with this data-key, or null when the number is not linked. */
function cellLink(html: string, key: string): string | null {
  const cell = new RegExp(`<td[^>]*data-key="${key.replace(/\./g, "\\.")}"[^>]*>(.*?)</td>`).exec(html)?.[1];
  if (cell === undefined) throw new Error(`no cell ${key}`);
  return /<a href="([^"]+)"/.exec(cell)?.[1] ?? null;
}

describe("the report page links each number to its page of the PDF", async () => {
  const result = await reportFromFile(join(fixtureDirs("pdf-bordered")[0] as string, "input.pdf"));
  if (!result.ok) throw new Error(result.reason);
  const { report } = result;
  const source: SourcePages = { href: `/sources/${report.source.sha256}`, pages: report.source.numberPages! };
  const flags = new Map();
  const counts = { applications: report.applications, reviewLitigation: report.reviewLitigation };

  it("links 表三 numbers on both sides of the page break, and 表四's", () => {
    const html = renderToStaticMarkup(createElement(ApplicationsTable, { version: report.formatVersion, counts, flags, source }));
    expect(cellLink(html, "applications.granted.total")).toBe(`${source.href}#page=2`);
    expect(cellLink(html, "applications.withheldStateSecret.naturalPerson")).toBe(`${source.href}#page=3`);
    expect(cellLink(html, "applications.carriedForward.total")).toBe(`${source.href}#page=4`);
    const review = renderToStaticMarkup(createElement(ReviewLitigationTable, { counts, flags, source }));
    expect(cellLink(review, "reviewLitigation.litigationDirect.upheld")).toBe(`${source.href}#page=4`);
  });

  it("links 表二 cells, and links nothing without pages", () => {
    const cells = report.proactive;
    const html = renderToStaticMarkup(createElement(ProactiveTable, { version: report.formatVersion, cells, flags, source }));
    expect(html).toContain(`<a href="${source.href}#page=2" title="原文第 2 页" data-page="2">`);
    const plain = renderToStaticMarkup(createElement(ApplicationsTable, { version: report.formatVersion, counts, flags, source: null }));
    expect(cellLink(plain, "applications.granted.total")).toBeNull();
  });
});
