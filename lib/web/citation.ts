/** How a page or an export is cited: the source, the address, the day it was read (issue 17.6). */

export const CITATION_SOURCE = "年报 Nianbao（据各行政机关发布的政府信息公开工作年度报告整理）";

/** 年报 Nianbao（…），https://…/reports/12，2026-12-03 访问 */
export function citationLine(url: string, retrieved: string): string {
  return `${CITATION_SOURCE}，${url}，${retrieved} 访问`;
}

/** The citation an export carries: its JSON field `citation`, the CSV's `X-Nianbao-Citation` header (URI-encoded). */
export function exportCitation(url: string, now = new Date()): { source: string; url: string; retrieved: string; text: string } {
  const retrieved = now.toISOString();
  return { source: CITATION_SOURCE, url, retrieved, text: citationLine(url, retrieved.slice(0, 10)) };
}
