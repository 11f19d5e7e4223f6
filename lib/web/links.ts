import { PART_HEADINGS } from "../report/template";
import type { SectionPart } from "../store/types";

/** Where a page links to: a report's narrative part, a measure's entry on the methodology page; how names sort. */

/** The narrative parts as the template heads them (the parts stored and searched; keys as in SECTION_PARTS). */
export const SECTION_HEADINGS: Record<SectionPart, string> = {
  overview: PART_HEADINGS.overview,
  problems: PART_HEADINGS.problems,
  other: PART_HEADINGS.other,
};

/** The id of a narrative part's section on the report page. */
export const sectionAnchor = (part: SectionPart) => `section-${part}`;

/** A report's narrative part, with the search words to highlight there (`?q=`). */
export function reportSectionHref(reportId: number, part: SectionPart, text?: string): string {
  const query = text?.trim() ? `?${new URLSearchParams({ q: text.trim() })}` : "";
  return `/reports/${reportId}${query}#${sectionAnchor(part)}`;
}

/** The id of a measure's (or a flag code's) entry on /methodology: dots become dashes, so it is a plain CSS id. */
export const methodologyAnchor = (key: string) => `m-${key.replaceAll(".", "-")}`;
export const measureHref = (key: string) => `/methodology#${methodologyAnchor(key)}`;
export const issueAnchor = (code: string) => `flag-${code.replaceAll(".", "-")}`;
export const issueHref = (code: string) => `/methodology#${issueAnchor(code)}`;

/** Chinese names in pinyin order (the order of a printed index), not in code-point order. */
export const pinyin = new Intl.Collator("zh-u-co-pinyin");
export const byName = <T extends { name: string }>(a: T, b: T) => pinyin.compare(a.name, b.name);
