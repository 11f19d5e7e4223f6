import { type DefaultTreeAdapterMap, parse } from "parse5";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/**
 * A server page rendered as the browser gets its HTML (renderToStaticMarkup of what the async page function returns),
 * and what the twin tests read from it: a table's rows of cells, links, text. Next's `connection()` must be mocked by
 * the test (`vi.mock("next/server", …)`): outside a request it throws; so must `useRouter` of "next/navigation" for a page
 * holding a client component that navigates (outside the app router it throws).
 */

type Node = DefaultTreeAdapterMap["node"];
export type Element = DefaultTreeAdapterMap["element"];

export async function renderPage<P>(page: (props: P) => Promise<ReactElement> | ReactElement, props: P): Promise<Element> {
  const html = renderToStaticMarkup(await page(props));
  return parse(html) as unknown as Element;
}

const childrenOf = (node: Node): Node[] => ("childNodes" in node ? node.childNodes : []);

export function* elements(node: Node): Generator<Element> {
  if ("tagName" in node) yield node;
  for (const child of childrenOf(node)) yield* elements(child);
}

export const attr = (element: Element, name: string): string | undefined => element.attrs.find((a) => a.name === name)?.value;

export function textOf(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  return childrenOf(node).map(textOf).join("");
}

export function byId(root: Node, id: string): Element {
  const found = [...elements(root)].find((el) => attr(el, "id") === id);
  if (!found) throw new Error(`no element #${id}`);
  return found;
}

/** The body rows of a table, each as its td elements. */
export function bodyRows(table: Element): Element[][] {
  return [...elements(table)]
    .filter((el) => el.tagName === "tr" && el.parentNode && (el.parentNode as Element).tagName === "tbody")
    .map((tr) => tr.childNodes.filter((c): c is Element => "tagName" in c && c.tagName === "td"));
}

/** The hrefs of the links inside a node. */
export const hrefs = (node: Node): string[] => [...elements(node)].filter((el) => el.tagName === "a").map((a) => attr(a, "href")!);

/** A CSV answer as header and rows (RFC 4180 quotes read), the byte-order mark dropped. */
export async function csvTable(response: Response): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const text = (await response.text()).replace(/^\uFEFF/, "").replace(/\r\n$/, "");
  const records: string[][] = [];
  let record: string[] = [];
  // A cell: quoted (doubled quotes inside) or plain, then a comma, a line end or the end.
  for (const [, quoted, plain, end] of text.matchAll(/(?:"((?:[^"]|"")*)"|([^",\r]*))(,|\r\n|$)/g)) {
    record.push(quoted !== undefined ? quoted.replaceAll('""', '"') : (plain ?? ""));
    if (end === ",") continue;
    records.push(record);
    record = [];
    if (end === "") break;
  }
  const [header = [], ...rows] = records;
  return { header, rows: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""]))) };
}

/** The page's searchParams as Next hands them: a repeated key (`agency=1&agency=2`) as an array. */
export function searchParams(query: string): Promise<Record<string, string | string[]>> {
  const record: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const before = record[key];
    record[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return Promise.resolve(record);
}
