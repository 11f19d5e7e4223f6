import { compact, isSpace } from "./normalize";
import { titleOfLines } from "./title";

/**
 * What crawlers, archives and CMS pages put around a report: never part of the agency or the sections' text.
 * Everything here finds ranges of the (normalised) text that are then blanked with spaces, in the normalised text
 * and in the original alike, so offsets keep pointing into the original.
 */

export type Range = { start: number; end: number };

/**
 * The header block that archive crawlers and CMS exports put before a report (标题:, 发布时间:, 原文链接:,
 * 本地目录:, ===== 正文 =====): page metadata. A 标题: line keeps its value, which is the report's title.
 */
const METADATA_KEY =
  /^[ \t]*(?:标题|题目|发布时间|发布日期|成文日期|文号|发文字号|发布机构|发文机关|来源|信息来源|栏目|所属栏目|原文链接|原文地址|本地目录|索引号|主题分类|公开方式|公开范围|生成日期|有效性)[ \t]*[:：]/;
const TITLE_KEY = /^[ \t]*(?:标题|题目)[ \t]*[:：][ \t]*/;
const OTHER_HEADER_LINE = /^[ \t]*(?:页面链接与图片详见.*|=+[ \t]*正文[ \t]*=+)[ \t]*$/;
/** The block is at the top: past this many lines a `key: value` line is the report's own text. */
const MAX_HEADER_LINES = 20;

export function crawlerHeaderRanges(text: string): Range[] {
  const ranges: Range[] = [];
  let lineStart = 0;
  // Only the first lines are read, found one by one: split (even with a limit) cuts the whole text into lines.
  for (let i = 0; i < MAX_HEADER_LINES && lineStart <= text.length; i++) {
    const newline = text.indexOf("\n", lineStart);
    const line = text.slice(lineStart, newline < 0 ? text.length : newline);
    const title = TITLE_KEY.exec(line);
    if (title) ranges.push({ start: lineStart, end: lineStart + title[0].length });
    else if (METADATA_KEY.test(line) || OTHER_HEADER_LINE.test(line)) ranges.push({ start: lineStart, end: lineStart + line.length });
    lineStart += line.length + 1;
  }
  return ranges;
}

/**
 * The breadcrumb (当前位置：首页 > 政务公开 > … > the report's title): the path is chrome, its last item is kept when
 * it is the report's title. It ends where the page's 来源/时间 line starts, or at the end of its line.
 */
const BREADCRUMB = /当前位置\s*[:：]/g;
const BREADCRUMB_END = /来源\s*[:：]|(?:发布)?时间\s*[:：]|发布日期\s*[:：]/;
const MAX_BREADCRUMB = 300;
const BREADCRUMB_ITEM = /[^\s>›»]+/g;

/** A breadcrumb never runs past a sentence or into the report's first heading. */
const PAST_BREADCRUMB = /。|\n\s*[一二三四五六][、.]/;

function breadcrumbRange(text: string, start: number, labelEnd: number): Range {
  const reach = text.slice(labelEnd, labelEnd + MAX_BREADCRUMB);
  const past = PAST_BREADCRUMB.exec(reach);
  const window = past ? reach.slice(0, past.index) : reach;
  const endMatch = BREADCRUMB_END.exec(window);
  const lineEnd = window.indexOf("\n");
  const length = endMatch ? endMatch.index : Math.max(lineEnd, 0);
  const items = [...window.slice(0, length).matchAll(BREADCRUMB_ITEM)];
  const last = items.at(-1);
  const keepsTitle = last !== undefined && titleOfLines([compact(last[0])]) !== null;
  return { start, end: labelEnd + (keepsTitle ? (last.index ?? 0) : length) };
}

/**
 * Page tools and metadata as runs of whitespace-separated items (来源：… 时间：2023-01-09 16:22 --> 微信 微博 QQ空间
 * 全真版 文字版 文件下载 相关链接：). A run is chrome when it has two items or one no report would print.
 */
const TOOL_ITEM = String.raw`(?:来源\s*:[^\n:]{0,40}?(?=\s*时间\s*:)|时间\s*:\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|-->|微信|微博|QQ空间|全真版|文字版|文件下载|相关链接\s*:|分享到\s*:?|打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】|\[\s*打印\s*\]|\[\s*关闭\s*\]|字号\s*:?\s*[大中小](?:\s*[大中小]){2}|扫一扫在手机上查看当前页面|附件下载)`;
/** A run of items; it must also start the text or follow whitespace, which toolRuns checks (see there). */
const TOOL_RUN = new RegExp(String.raw`${TOOL_ITEM}(?:\s*${TOOL_ITEM})*(?=\s|$)`, "g");
const TOOL_ONLY_CHROME = /分享到|打印本页|关闭窗口|打印\s*[】\]]|关闭\s*[】\]]|相关链接|扫一扫在手机上查看当前页面|附件下载|字号/;
const TOOL_ITEM_ALONE = new RegExp(TOOL_ITEM, "g");

/**
 * The runs that start the text or follow whitespace, as (?<=^|\s) before TOOL_RUN would find them: a run found
 * elsewhere is passed over one character on. A pattern that starts with a lookbehind is tried at every character
 * of the text, which took as long as the rest of the page-chrome search.
 */
function runsAfterSpace(text: string): RegExpExecArray[] {
  const runs: RegExpExecArray[] = [];
  TOOL_RUN.lastIndex = 0;
  for (let match = TOOL_RUN.exec(text); match; match = TOOL_RUN.exec(text)) {
    if (match.index === 0 || isSpace(text.charCodeAt(match.index - 1))) runs.push(match);
    else TOOL_RUN.lastIndex = match.index + 1;
  }
  return runs;
}

function toolRuns(text: string): Range[] {
  const ranges: Range[] = [];
  for (const match of runsAfterSpace(text)) {
    const items = match[0].match(TOOL_ITEM_ALONE) ?? [];
    if (items.length >= 2 || TOOL_ONLY_CHROME.test(match[0])) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}

/** The breadcrumb and the page tools inside the body of a crawled or saved web page. */
export function pageChromeRanges(text: string): Range[] {
  const ranges: Range[] = [];
  for (const match of text.matchAll(BREADCRUMB)) {
    const start = match.index ?? 0;
    ranges.push(breadcrumbRange(text, start, start + match[0].length));
  }
  return [...ranges, ...toolRuns(text)];
}

/**
 * A web page's footer (附件下载, 扫一扫…, 打印本页, 关闭窗口, then the site's links): from its first marker after
 * `from` (the start of the report's last part) to the end, unless statistical tables still follow.
 */
const FOOTER_MARKER = /(?<=^|\s)(?:附件下载|扫一扫在手机上查看当前页面|打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】)/g;
const TABLE_LABEL = /本\s*年\s*新\s*收|结\s*转\s*下\s*年\s*度|行\s*政\s*复\s*议/;

export function pageFooterRange(text: string, from: number): Range | null {
  FOOTER_MARKER.lastIndex = from;
  const marker = FOOTER_MARKER.exec(text);
  if (!marker || TABLE_LABEL.test(text.slice(marker.index))) return null;
  return { start: marker.index, end: text.length };
}

/** Every character of the ranges but line breaks to a space: the text keeps its length and its lines. */
export function blankRanges(text: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return text;
  let blanked = "";
  let kept = 0;
  // Ranges in order of their start, overlaps joined: the text is copied once, a slice at a time.
  for (const { start, end } of mergedRanges(ranges)) {
    // The regular expression works on UTF-16 code units, so a surrogate pair becomes two spaces and offsets stay put.
    blanked += text.slice(kept, start) + text.slice(start, end).replace(/[^\n]/g, " ");
    kept = end;
  }
  return blanked + text.slice(kept);
}

function mergedRanges(ranges: readonly Range[]): Range[] {
  const merged: Range[] = [];
  for (const { start, end } of [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}
