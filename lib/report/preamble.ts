/**
 * The header block that archive crawlers and CMS exports put before a report (标题:, 发布时间:, 原文链接:,
 * 本地目录:, ===== 正文 =====): page metadata, never part of the report. Masked with spaces so offsets keep
 * pointing into the original; a 标题: line keeps its value, which is the report's title.
 */
const METADATA_KEY =
  /^[ \t]*(?:标题|题目|发布时间|发布日期|成文日期|文号|发文字号|发布机构|发文机关|来源|信息来源|栏目|所属栏目|原文链接|原文地址|本地目录|索引号|主题分类|公开方式|公开范围|生成日期|有效性)[ \t]*[:：]/;
const TITLE_KEY = /^[ \t]*(?:标题|题目)[ \t]*[:：][ \t]*/;
const OTHER_HEADER_LINE = /^[ \t]*(?:页面链接与图片详见.*|=+[ \t]*正文[ \t]*=+)[ \t]*$/;
/** The block is at the top: past this many lines a `key: value` line is the report's own text. */
const MAX_HEADER_LINES = 20;

const blank = (text: string) => text.replace(/[^\n]/g, " ");

export function maskCrawlerHeader(text: string): string {
  const lines = text.split("\n");
  let masked = false;
  for (let i = 0; i < Math.min(lines.length, MAX_HEADER_LINES); i++) {
    const line = lines[i] as string;
    const title = TITLE_KEY.exec(line);
    if (title) lines[i] = blank(title[0]) + line.slice(title[0].length);
    else if (METADATA_KEY.test(line) || OTHER_HEADER_LINE.test(line)) lines[i] = blank(line);
    else continue;
    masked = true;
  }
  return masked ? lines.join("\n") : text;
}
