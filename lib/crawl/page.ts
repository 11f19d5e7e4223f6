import { parse, type DefaultTreeAdapterTypes as DOM } from "parse5";
import { declaredHtmlCharset, decodeText } from "../ingest/decode";
import { detectFormat } from "../ingest/detect";

/**
 * What a fetched HTML page offers the crawler: its title, the entries whose titles are annual reports, the
 * attachments (PDF/DOC/DOCX/WPS), the iframes, and the further pages of a paginated list in the patterns Chinese
 * CMSs use (`index_1.html` links, TRS's `createPageHTML(n, cur, "index", "html")` script, `?page=N` links).
 */

export type Link = { url: string; title: string };

export type PageLinks = {
  title: string;
  /** Whether the page's text holds a report's table headings (a report page that also links to other years). */
  holdsReport: boolean;
  entries: Link[];
  documents: Link[];
  iframes: string[];
  pages: string[];
};

/** A year (1990s–2090s) and a report word: 年度报告, 年报 or 工作报告 (a 政府工作报告 only when about 信息公开). */
export function isAnnualReportTitle(text: string): boolean {
  const compact = text.replace(/\s+/g, "");
  if (!/(19[89]\d|20\d\d)/.test(compact)) return false;
  if (!/(年度报告|年报|工作报告)/.test(compact)) return false;
  if (/政府工作报告/.test(compact) && !/信息公开|政务公开/.test(compact)) return false;
  return true;
}

/** An attachment a report may be published as, by the end of its path. */
export const DOCUMENT_PATH = /\.(pdf|docx?|wps)$/i;

/** The charset of an HTTP Content-Type, if it names one. */
export function headerCharset(contentType: string | undefined): string | null {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1] ?? null;
}

/**
 * Whether fetched bytes are an HTML page to look into (a list or a report page) rather than a document: by the
 * bytes first (a PDF, DOCX or DOC is a document whatever the server calls it), then by the declared type.
 */
export function isHtmlPage(bytes: Uint8Array, contentType: string | undefined): boolean {
  const format = detectFormat(bytes);
  if (format === "html") return true;
  if (format !== "text" && format !== "unknown") return false;
  return /html/i.test(contentType ?? "");
}

/** The page's text as served: the HTTP charset, else the meta charset, each only when the bytes bear it out. */
export function decodePage(bytes: Uint8Array, contentType: string | undefined): string {
  return decodeText(bytes, headerCharset(contentType) ?? declaredHtmlCharset(bytes));
}

function isElement(node: DOM.Node): node is DOM.Element {
  return "tagName" in node;
}

function attr(element: DOM.Element, name: string): string | null {
  return element.attrs.find((a) => a.name === name)?.value ?? null;
}

function textOf(node: DOM.Node): string {
  if (node.nodeName === "#text") return (node as DOM.TextNode).value;
  if (!("childNodes" in node)) return "";
  return (node as DOM.ParentNode).childNodes.map(textOf).join("");
}

function* elements(root: DOM.ParentNode): Generator<DOM.Element> {
  const stack: DOM.Node[] = [...root.childNodes].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (isElement(node)) {
      yield node;
      const children = node.tagName === "template" ? (node as DOM.Template).content.childNodes : node.childNodes;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
}

function resolve(href: string | null, base: URL): URL | null {
  if (!href) return null;
  const trimmed = href.trim();
  if (!trimmed || /^(javascript|mailto|tel|data):/i.test(trimmed) || trimmed.startsWith("#") || trimmed.includes("{{")) return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    url.hash = "";
    return url;
  } catch {
    return null;
  }
}

const PAGE_PARAM = /^(page|pageNo|pageno|pageIndex|pageindex|curPage|currentPage|p)$/;
const INDEX_PAGE = /(^|\/)(index|default|list)_\d+\.s?html?$/i;

/** A link to another page of the same list: `index_N.html` in the list's folder, or the list's path with `?page=N`. */
function isListPage(url: URL, list: URL): boolean {
  if (url.origin !== list.origin) return false;
  const folder = list.pathname.replace(/[^/]*$/, "");
  if (INDEX_PAGE.test(url.pathname) && url.pathname.replace(/[^/]*$/, "") === folder) return true;
  if (url.pathname !== list.pathname) return false;
  for (const [key, value] of url.searchParams) if (PAGE_PARAM.test(key) && /^\d+$/.test(value)) return true;
  return false;
}

/**
 * TRS WCM's pager: `createPageHTML(count, current, "index", "html")` (some sites put an element id first): pages are
 * `index.html`, `index_1.html` … `index_{count-1}.html` in the list's folder.
 */
export function scriptPages(script: string, list: URL): URL[] {
  const pages: URL[] = [];
  for (const call of script.matchAll(/createPageHTML\s*\(([^)]*)\)/g)) {
    const args = call[1]!.split(",").map((a) => a.trim());
    const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
    const strings = args.filter((a) => /^["'].*["']$/.test(a)).map((a) => a.slice(1, -1));
    const count = numbers[0];
    const words = strings.filter((s) => /^[\w-]+$/.test(s));
    const prefix = words.length >= 2 ? words[words.length - 2]! : "index";
    const ext = words.length >= 2 ? words[words.length - 1]! : "html";
    if (count === undefined || count < 2) continue;
    for (let i = 0; i < Math.min(count, 1000); i++) pages.push(new URL(i === 0 ? `${prefix}.${ext}` : `${prefix}_${i}.${ext}`, list));
  }
  return pages;
}

/** The links of an HTML page (already decoded), resolved against the URL it was served from. */
export function pageLinks(html: string, pageUrl: string): PageLinks {
  const document = parse(html);
  let base = new URL(pageUrl);
  const found: PageLinks = { title: "", holdsReport: REPORT_HEADINGS.test(html.replace(/<[^>]*>/g, "")), entries: [], documents: [], iframes: [], pages: [] };
  const seen = new Set<string>();
  const pages = new Set<string>();
  for (const element of elements(document)) {
    switch (element.tagName) {
      case "base": {
        const href = resolve(attr(element, "href"), base);
        if (href) base = href;
        break;
      }
      case "title":
        found.title ||= textOf(element).replace(/\s+/g, " ").trim();
        break;
      case "script":
        for (const page of scriptPages(textOf(element), base)) pages.add(page.href);
        break;
      case "iframe":
      case "frame": {
        const src = resolve(attr(element, "src"), base);
        if (src) found.iframes.push(src.href);
        break;
      }
      case "a": {
        const url = resolve(attr(element, "href"), base);
        if (!url) break;
        const text = textOf(element).replace(/\s+/g, " ").trim();
        const titleAttr = (attr(element, "title") ?? "").trim();
        const title = isAnnualReportTitle(titleAttr) ? titleAttr : text || titleAttr;
        if (isListPage(url, new URL(pageUrl))) pages.add(url.href);
        // An attachment by its path, or by its name when a download script serves it (`download.jsp?id=…`).
        else if (DOCUMENT_PATH.test(url.pathname) || DOCUMENT_PATH.test(text)) {
          if (!seen.has(url.href)) found.documents.push({ url: url.href, title });
        } else if (isAnnualReportTitle(title) && !seen.has(url.href)) found.entries.push({ url: url.href, title });
        seen.add(url.href);
        break;
      }
    }
  }
  pages.delete(new URL(pageUrl).href);
  found.pages = [...pages];
  return found;
}

/**
 * Whether a page given by the user is a column's list page rather than a report's page: its own title is not an
 * annual report's, and it links to at least one entry whose title is.
 */
export function looksLikeList(links: PageLinks): boolean {
  return !isAnnualReportTitle(links.title) && !links.holdsReport && links.entries.length > 0;
}

/** The headings of 表二 and 表三 every report prints: a page holding them is a report's, whatever it links to. */
const REPORT_HEADINGS = /主动公开政府信息情况[\s\S]{0,20000}收到和处理政府信息公开申请情况/;
