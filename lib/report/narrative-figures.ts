import { isSpace } from "./normalize";
import { chineseNumber } from "./numerals";
import { partRange, type Outline, type Part } from "./outline";

/**
 * Figures the narrative states about cells of the tables (共收到政府信息公开申请21件, 办结21件, 行政复议2件,
 * 现行有效规范性文件424件), read clause by clause from the parts outside the tables. A figure is taken only where
 * one cue word next to it names the cell; anything else (同比 and 增减 figures, counts of 信息条数, other years,
 * percentages, other agencies' figures, breakdowns by channel or applicant) is left alone: not reading a figure is
 * fine, reading a wrong one is not.
 */

export const FIGURE_PATHS = [
  "applications.newReceived.total",
  "applications.carriedOver.total",
  "applications.granted.total",
  "applications.handledTotal.total",
  "applications.processed",
  "applications.carriedForward.total",
  "reviewLitigation.reconsideration.total",
  "reviewLitigation.litigation.total",
  "proactive.normativeDocs.issued",
  "proactive.normativeDocs.inForce",
] as const;
export type FigurePath = (typeof FIGURE_PATHS)[number];

/**
 * What a figure may state, each a sum of cells: 行政诉讼 N 件 counts both litigation groups of 表四; 办理申请 N 件 is
 * the handled applications, or the received ones, or the received and carried-over ones (reports use 办理 for all
 * three), so only a figure that is none of them contradicts the table. The issue is shown beside the first.
 */
export const FIGURE_CELLS: Record<FigurePath, readonly (readonly string[])[]> = {
  "applications.newReceived.total": [["applications.newReceived.total"]],
  "applications.carriedOver.total": [["applications.carriedOver.total"]],
  "applications.granted.total": [["applications.granted.total"]],
  "applications.handledTotal.total": [["applications.handledTotal.total"]],
  "applications.processed": [
    ["applications.handledTotal.total"],
    ["applications.newReceived.total"],
    ["applications.newReceived.total", "applications.carriedOver.total"],
  ],
  "applications.carriedForward.total": [["applications.carriedForward.total"]],
  "reviewLitigation.reconsideration.total": [["reviewLitigation.reconsideration.total"]],
  "reviewLitigation.litigation.total": [["reviewLitigation.litigationDirect.total", "reviewLitigation.litigationAfterReconsideration.total"]],
  "proactive.normativeDocs.issued": [["proactive.normativeDocs.issued"]],
  "proactive.normativeDocs.inForce": [["proactive.normativeDocs.inForce"]],
};

/** `sentence`: the sentence the figure was read from, as printed (whitespace removed). */
export type NarrativeFigure = { path: FigurePath; value: number; sentence: string };

const NARRATIVE_PARTS: readonly Part[] = ["overview", "problems", "other"];

// ---------------------------------------------------------------------------------------------
// Text: the narrative parts, without whitespace (a PDF's lines break inside words), sentence by sentence

/** Text with its whitespace removed and, for each character kept, its offset in the original. */
type Mapped = { text: string; at: number[] };

const isDigit = (code: number) => code >= 48 && code <= 57;

/** Whitespace goes (a line break may fall inside a word); between two digits it cuts, so no number is glued. */
function withoutWhitespace(text: string, start: number, end: number): Mapped {
  let kept = "";
  const at: number[] = [];
  // Runs of other characters are copied as slices, not a character at a time.
  let runStart = start;
  for (let i = start; i < end; i++) {
    if (!isSpace(text.charCodeAt(i))) {
      at.push(i);
      continue;
    }
    kept += text.slice(runStart, i);
    let runEnd = i;
    while (runEnd + 1 < end && isSpace(text.charCodeAt(runEnd + 1))) runEnd++;
    if (i > 0 && isDigit(text.charCodeAt(i - 1)) && runEnd + 1 < text.length && isDigit(text.charCodeAt(runEnd + 1))) {
      kept += "|";
      at.push(i);
    }
    i = runEnd;
    runStart = runEnd + 1;
  }
  if (runStart < end) kept += text.slice(runStart, end);
  return { text: kept, at };
}

/** A sentence of the narrative without whitespace; `printed`, cut from the original only when asked for. */
class Sentence {
  constructor(
    readonly text: string,
    private readonly original: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** The sentence as printed (whitespace removed), so full-width punctuation stays. */
  get printed(): string {
    return this.original.slice(this.start, this.end).replace(/\s+/g, "");
  }
}

const SENTENCE_END = /[。;；!?！？]/g;

/** Sentences end at 。；!? ; the printed form is cut from the original, so full-width punctuation stays. */
function sentencesOf(mapped: Mapped, original: string, sentences: Sentence[]): void {
  let from = 0;
  SENTENCE_END.lastIndex = 0;
  for (let match = SENTENCE_END.exec(mapped.text); ; match = SENTENCE_END.exec(mapped.text)) {
    const to = match ? match.index : mapped.text.length;
    // Cut only for a sentence a figure is read from: most sentences have none.
    if (to > from) sentences.push(new Sentence(mapped.text.slice(from, to), original, mapped.at[from] as number, (mapped.at[to - 1] as number) + 1));
    if (!match) return;
    from = match.index + 1;
  }
}

/** Parenthesised asides (含上年结转189件, 占43%, (二)) say something else than the clause around them. */
function withoutAsides(sentence: string): string {
  if (!sentence.includes("(") && !sentence.includes("（")) return sentence;
  const kept: string[] = [];
  const opened: number[] = [];
  for (const char of sentence) {
    if (char === "(" || char === "（") opened.push(kept.length);
    if ((char === ")" || char === "）") && opened.length > 0) kept.length = opened.pop() as number;
    else kept.push(char);
  }
  return kept.join("");
}

/** Clauses end at commas and colons; 、 joins the items of one clause (行政复议1起、行政诉讼1起). */
function clausesOf(sentence: string): string[] {
  return sentence.split(/[,，:：]/).filter((clause) => clause.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Numbers

function numberValue(numeral: string): number | null {
  return /^\d+$/.test(numeral) ? Number(numeral) : chineseNumber(numeral);
}

/** A count with its unit: 21件, 7份, 1条, 1起, 十四件. Not 500余份, 第一件, 每一件 (the unit must follow the number). */
const COUNT = /(?<![\d.第每逐单])(\d+|[零〇一二两三四五六七八九十百千]+)(件|个(?!工作日|月|部门|单位|小时|方面|人)|份|条|起|宗)/g;

// ---------------------------------------------------------------------------------------------
// Cues: each names one cell and must end right where the number starts

const APPLICATION_OBJECT = "(?:政府信息公开申请|信息公开申请|公开申请|信息申请|(?:政府信息)?依申请公开(?:申请|事项)?|依申请)";
const RECEIVE_VERB = "(?:收到|受理|接收|接到|新收|收悉)";
const RECEIVE = `${RECEIVE_VERB}(?:过)?`;
const FILLER = "(?:件)?(?:共计|总计|合计|共|总数为|数量为|数为|为|达)?";
/** Words between a verb and its object that make the figure something else: a part, a topic, another matter. */
const NOT_A_TOTAL_GAP = /其中|涉及|包括|含|占|主要|复议|诉讼|建议|提案|信访|咨询|投诉|举报|其他(?!组织)|另/;
/** A channel or an applicant right before 申请: a breakdown (线上申请1件), not the total. */
const BREAKDOWN_BEFORE_OBJECT = /(?:网上|网络|线上|线下|信函|当面|现场|邮寄|传真|电子邮件|自然人|法人|企业|个人|群众)$/;

type Cue = { path: FigurePath; before: RegExp; needsTopic?: "applications" | "normativeDocs" | "reviewLitigation" };

/** The clause up to the number must end with `before`. */
const CUES: readonly Cue[] = [
  { path: "applications.newReceived.total", before: new RegExp(`${RECEIVE}(?<gap>[^\\d|]{0,24}?)${APPLICATION_OBJECT}${FILLER}$`) },
  { path: "applications.newReceived.total", before: new RegExp(`${RECEIVE}(?:各类)?申请${FILLER}$`) },
  {
    path: "applications.carriedOver.total",
    before: new RegExp(`(?:上一?年度?结转|结转上一?年度?)(?:的)?${APPLICATION_OBJECT}?${FILLER}$`),
    needsTopic: "applications",
  },
  {
    path: "applications.carriedForward.total",
    before: new RegExp(`(?:结转|转入?|结转至)下一?年度?(?:继续)?(?:办理|处理)?(?:答复)?(?:的)?(?:${APPLICATION_OBJECT}|申请)?(?:有|共)?$`),
    needsTopic: "applications",
  },
  { path: "applications.handledTotal.total", before: new RegExp(`办结(?:${APPLICATION_OBJECT}|申请)?${FILLER}$`), needsTopic: "applications" },
  // 答复N件 only after words that make it the handled count: 不予公开答复2件, 无法提供…答复2件 are outcomes.
  { path: "applications.handledTotal.total", before: /(?:^|[均已共并]|及时|规范|依法|按时|全部|办理)答复(?:申请)?(?:共计|共)?$/, needsTopic: "applications" },
  // 办理申请1件: handled, received or both, whichever the report means; checked against all three.
  { path: "applications.processed", before: new RegExp(`(?<!结转|转|下一?年度?|继续|正在|尚在|仍在|未)办理(?:了)?(?:各类)?${APPLICATION_OBJECT}${FILLER}$`) },
  { path: "applications.granted.total", before: /(?<!部分|区分处理后|不)(?:予以公开|同意公开)(?:答复)?(?:的)?(?:共)?$/, needsTopic: "applications" },
  { path: "reviewLitigation.reconsideration.total", before: /行政复议(?:案件|申请)?(?:共计|共)?$/, needsTopic: "reviewLitigation" },
  { path: "reviewLitigation.litigation.total", before: /(?<!行政复议[、和及与或]?)行政诉讼(?:案件)?(?:共计|共)?$/, needsTopic: "reviewLitigation" },
  { path: "proactive.normativeDocs.issued", before: /(?:新)?(?:制发|制定)(?:了)?(?:的)?(?:行政)?规范性文件(?:共计|共)?$/ },
  { path: "proactive.normativeDocs.inForce", before: /现行有效(?:的)?(?:行政)?规范性文件(?:件数|数量|总数)?(?:共计|共|为|达)?$/ },
  { path: "proactive.normativeDocs.inForce", before: /现行有效(?:件数|数量|总数)?(?:共计|共|为|达)?$/, needsTopic: "normativeDocs" },
];

/** 受理2件依申请公开信息: the number between the verb and its object. */
const RECEIVED_BEFORE_OBJECT = { before: new RegExp(`${RECEIVE}(?:并?办结)?$`), after: /^(?:政府信息公开申请|信息公开申请|依申请公开|公开申请|申请)/ };

// ---------------------------------------------------------------------------------------------
// What makes a clause or a sentence say something else than this year's totals of this agency

/** Changes, comparisons, shares, rough and cumulative figures. */
const NOT_THIS_FIGURE =
  /同比|环比|比上年|比去年|较上|较去|较前|较\d{4}|上年同期|增加|减少|增长|下降|上升|持平|累计|平均|年均|占比|百分之|%|左右|以上|以下|约|近\d|超过/;
/** Other years; 上年结转 and 结转上年度 are this year's carried-over count, not another year's. */
const OTHER_TIME = /去年|前年|往年|历年|(?<!结转)上一?年(?!度?结转)|截至/;
/** Figures of other agencies, or the region's (督促全区各单位…). */
const OTHER_AGENCIES = /督促|指导|全区|全市|全县|全省|各单位|各部门|公开单位|责任单位|各级|各地|各乡镇|各街道|下属|所属|基层|辖区|各镇/;
/** Words that make a clause about reconsideration something narrower (被纠错, 败诉) or about something else. */
const REVIEW_QUALIFIER = /纠错|纠正|败诉|撤销|确认违法|不当|违法|错误|责令|申诉|举报|投诉|但|只有|仅有|除/;
/** A reconsideration or suit of 政府信息公开 (an agency's other reconsiderations are no 表四 figure). */
function isDisclosureReview(clause: string): boolean {
  return /复议|诉讼/.test(clause) && /信息公开|依申请|公开申请/.test(clause);
}

const YEAR_NAMED = /(\d{4})年/g;

function namesOtherYear(clause: string, year: number): boolean {
  if (!clause.includes("年")) return false;
  YEAR_NAMED.lastIndex = 0;
  for (let match = YEAR_NAMED.exec(clause); match; match = YEAR_NAMED.exec(clause)) if (Number(match[1]) !== year) return true;
  return false;
}

/** What the sentence so far is about: the topics a cue's figure needs stated before it. */
type Topics = { applications: boolean; normativeDocs: boolean; reviewLitigation: boolean };

/** The topics of the sentence so far, once `clause` is added. */
function withClause(topics: Topics & { regulations: boolean }, clause: string): Topics & { regulations: boolean } {
  const regulations = topics.regulations || /规章/.test(clause);
  return {
    applications: topics.applications || /申请/.test(clause),
    regulations,
    normativeDocs: !regulations && (topics.normativeDocs || /规范性文件/.test(clause)),
    reviewLitigation: topics.reviewLitigation || isDisclosureReview(clause),
  };
}

// ---------------------------------------------------------------------------------------------
// Figures of one clause

type Found = { path: FigurePath; value: number };

function cueFor(prefix: string, suffix: string): FigurePath | null {
  if (/信息数?(?:为|共)?$/.test(prefix)) return null;
  for (const cue of CUES) {
    const match = cue.before.exec(prefix);
    if (!match) continue;
    const gap = match.groups?.gap;
    if (gap !== undefined && (NOT_A_TOTAL_GAP.test(gap) || BREAKDOWN_BEFORE_OBJECT.test(gap))) continue;
    return cue.path;
  }
  if (RECEIVED_BEFORE_OBJECT.before.test(prefix) && RECEIVED_BEFORE_OBJECT.after.test(suffix)) return "applications.newReceived.total";
  return null;
}

function neededTopic(path: FigurePath): keyof Topics | null {
  for (const cue of CUES) if (cue.path === path && cue.needsTopic) return cue.needsTopic;
  return null;
}

/** The units a count of each cell is printed in: 申请1条 and 行政复议1条 occur, 予以公开12条 counts information. */
const UNITS: Record<FigurePath, RegExp> = {
  "applications.newReceived.total": /^[件个份条]$/,
  "applications.carriedOver.total": /^[件个份]$/,
  "applications.granted.total": /^[件个份]$/,
  "applications.handledTotal.total": /^[件个份]$/,
  "applications.processed": /^[件个份]$/,
  "applications.carriedForward.total": /^[件个份]$/,
  "reviewLitigation.reconsideration.total": /^[件起宗条个]$/,
  "reviewLitigation.litigation.total": /^[件起宗条个]$/,
  "proactive.normativeDocs.issued": /^[件份]$/,
  "proactive.normativeDocs.inForce": /^[件份]$/,
};

/** 其中通过网络收到申请3件: a part of the applications, not their number. */
const PART_OF = /其中|包括|分别/;

/** Every cue fits in this many characters before its number; a longer clause is cut, so each look is short. */
const CUE_WINDOW = 80;

/** The clause before `at`, at most CUE_WINDOW long; a cut one starts with "|", so ^ cannot match where it was cut. */
function cueWindow(clause: string, at: number): string {
  return at <= CUE_WINDOW ? clause.slice(0, at) : `|${clause.slice(at - CUE_WINDOW, at)}`;
}

/** The counts of a clause that name cells; null when the clause prints no count at all. */
function countsOf(clause: string, topics: Topics): Found[] | null {
  const found: Found[] = [];
  let counted = false;
  COUNT.lastIndex = 0;
  for (let match = COUNT.exec(clause); match; match = COUNT.exec(clause)) {
    counted = true;
    const prefix = cueWindow(clause, match.index);
    const suffix = clause.slice(match.index + match[0].length);
    const path = cueFor(prefix, suffix);
    const value = numberValue(match[1] as string);
    if (path === null || value === null || !UNITS[path].test(match[2] as string)) continue;
    if (path !== "applications.granted.total" && path.startsWith("applications") && PART_OF.test(prefix)) continue;
    const topic = neededTopic(path);
    // 办结5件 names handled applications only in a sentence about applications; a cue with its own object needs none.
    if (topic && !topics[topic] && !cueHasOwnObject(path, prefix)) continue;
    if (path.startsWith("reviewLitigation") && REVIEW_QUALIFIER.test(prefix)) continue;
    found.push({ path, value });
  }
  return counted ? found : null;
}

function cueHasOwnObject(path: FigurePath, prefix: string): boolean {
  if (path.startsWith("applications")) return /申请/.test(prefix);
  return false;
}

// Zero stated in words: 未收到政府信息公开申请, 未发生因政府信息公开引起的行政复议、行政诉讼.
const NEGATION = "(?:未|没有|无|暂未|尚未|未曾)";
const NEGATION_CHARS = /[未没无]/;
const NO_APPLICATIONS = new RegExp(`${NEGATION}(?:新)?${RECEIVE_VERB}(?:过|到)?(?:任何)?(?<gap>[^\\d|]{0,16}?)${APPLICATION_OBJECT}`);
/** The negation must govern the occurrence (未发生, 没有, 无因…): 因未及时答复被申请行政复议 states no zero. */
const NO_REVIEW = /(?:(?:未|暂未|尚未|未曾|没有)(?:发生|收到|出现|接到|产生|接收)|没有|无(?!法|论|需|须))(?:过|到)?(?:任何)?(?<rest>[^\d|]{0,30})/;

/** Words between 未收到 and 申请 that leave other applications possible (未收到其他申请, 未收到线上申请). */
function narrowsNoApplications(gap: string): boolean {
  return NOT_A_TOTAL_GAP.test(gap) || BREAKDOWN_BEFORE_OBJECT.test(gap) || /新|类|方面|关于|有关|收费/.test(gap);
}

/** Zeros stated in words, in a clause that prints no count; each needs a negation (未, 没有, 无). */
function zerosOf(clause: string): Found[] {
  if (!NEGATION_CHARS.test(clause)) return [];
  const found: Found[] = [];
  const noApplications = NO_APPLICATIONS.exec(clause);
  if (noApplications && !/复议|诉讼|投诉|举报/.test(clause) && !narrowsNoApplications(noApplications.groups?.gap ?? "")) {
    found.push({ path: "applications.newReceived.total", value: 0 });
  }
  const noReview = NO_REVIEW.exec(clause);
  const rest = noReview?.groups?.rest ?? "";
  if (noReview && /行政复议|行政诉讼/.test(rest) && !REVIEW_QUALIFIER.test(rest)) {
    if (/行政复议/.test(rest)) found.push({ path: "reviewLitigation.reconsideration.total", value: 0 });
    if (/行政诉讼/.test(rest)) found.push({ path: "reviewLitigation.litigation.total", value: 0 });
  }
  const noNormativeDocs = /(?:行政)?规范性文件(?:本年度?|今年|全年)?(?:未|没有)(?:新)?制发|(?:本年度?|今年|全年)?(?:未|没有)(?:新)?制发(?:行政)?规范性文件/;
  if (noNormativeDocs.test(clause)) found.push({ path: "proactive.normativeDocs.issued", value: 0 });
  return found;
}

// ---------------------------------------------------------------------------------------------

/**
 * Characters every figure needs in its sentence: a count's unit (COUNT), or a negation for a zero stated in words
 * (NO_APPLICATIONS, NO_REVIEW, 未制发规范性文件). Most sentences have none and are not read clause by clause.
 */
const FIGURE_CHARS = /[件个份条起宗未没无]/;

/** `text`: the sentence without its asides. */
function sentenceFigures(sentence: Sentence, text: string, year: number): NarrativeFigure[] {
  if (!FIGURE_CHARS.test(text)) return [];
  const clauses = clausesOf(text);
  const figures: NarrativeFigure[] = [];
  let topics = { applications: false, regulations: false, normativeDocs: false, reviewLitigation: false };
  let otherYear = false;
  for (const clause of clauses) {
    topics = withClause(topics, clause);
    // 2022年，共收到…: a year stated in one clause holds for the rest of the sentence.
    otherYear ||= namesOtherYear(clause, year);
    if (otherYear || NOT_THIS_FIGURE.test(clause) || OTHER_TIME.test(clause)) continue;
    for (const { path, value } of countsOf(clause, topics) ?? zerosOf(clause)) figures.push({ path, value, sentence: sentence.printed });
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Hints: what the narrative says near a 表二 cell without naming it as the template does

/**
 * `procurementAmount`: 发布采购信息197批次涉及金额3601627.4元, the amount of 政府集中采购; `…Decisions`: 作出行政处罚决定
 * 305起; `docsIssued`: 发布规范性文件20份. They may only choose among readings of glued digits, never contradict a cell. Counts of information items
 * (规范性文件类信息12条) are no hint: they differ from the documents' counts in real reports (pingtan-062).
 */
export type HintTopic = "procurementAmount" | "punishmentDecisions" | "licensingDecisions" | "docsIssued";
export type ProactiveHint = { topic: HintTopic; value: number; unit?: "元" | "万元"; sentence: string };

const PROCUREMENT_AMOUNT = /采购[^|]*?(?<![\d.])(?<n>\d+(?:\.\d+)?)(?<unit>万元|元)/;
const DOCS_ISSUED = /(?:印发|发布|出台)(?:了)?(?:行政)?规范性文件(?:共计|共)?(?<![\d.])(?<n>\d+)(?:件|份)/;
const DECISIONS = /(?<what>行政处罚|行政许可)决定(?:书)?(?:共计|共)?(?<![\d.])(?<n>\d+)(?:起|件|份|宗)/;

function clauseHints(clause: string, sentence: string): ProactiveHint[] {
  const hints: ProactiveHint[] = [];
  const amount = PROCUREMENT_AMOUNT.exec(clause);
  if (amount?.groups) hints.push({ topic: "procurementAmount", value: Number(amount.groups.n), unit: amount.groups.unit as "元" | "万元", sentence });
  const docs = DOCS_ISSUED.exec(clause);
  if (docs?.groups) hints.push({ topic: "docsIssued", value: Number(docs.groups.n), sentence });
  const decisions = DECISIONS.exec(clause);
  if (decisions?.groups) {
    const topic = decisions.groups.what === "行政处罚" ? "punishmentDecisions" : "licensingDecisions";
    hints.push({ topic, value: Number(decisions.groups.n), sentence });
  }
  return hints;
}

/** Words every hint needs (commas, dropped from a clause before it is read, may fall between their characters). */
const HINT_WORDS = /采[,，]*购|规[,，]*范[,，]*性[,，]*文[,，]*件|决[,，]*定/;

/** `text`: the sentence without its asides. */
function sentenceHints(sentence: Sentence, text: string, year: number): ProactiveHint[] {
  if (!HINT_WORDS.test(text)) return [];
  const hints: ProactiveHint[] = [];
  let otherYear = false;
  // 采购信息21条共5419886元: the amount may follow in the next clause of the sentence.
  for (const clause of text.split(/[:：;；]/)) {
    otherYear ||= namesOtherYear(clause, year);
    if (otherYear || NOT_THIS_FIGURE.test(clause) || OTHER_TIME.test(clause)) continue;
    hints.push(...clauseHints(clause.replace(/[,，]/g, ""), sentence.printed));
  }
  return hints;
}

/**
 * Where each table part's own table starts: the sentences a part may print between its heading and its table
 * (三、收到和处理政府信息公开申请情况 2023年，共收到政府信息公开申请0条。（本列数据…) are narrative too.
 */
const TABLE_STARTS: Partial<Record<Part, RegExp>> = {
  proactive: /第\s*二\s*十\s*条|信\s*息\s*内\s*容/,
  applications: /[（(]\s*本\s*列\s*数\s*据|申\s*请\s*人\s*情\s*况/,
  reviewLitigation: /结\s*果\s*维\s*持/,
};

/** The text a table part prints before its table, if the table's start is found within a short lead. */
function leadRange(text: string, outline: Outline, part: Part): { start: number; end: number } | null {
  const range = partRange(outline, part, text.length);
  const starts = TABLE_STARTS[part];
  if (!range || !starts) return null;
  const lead = text.slice(range.start, Math.min(range.end, range.start + 400));
  const table = starts.exec(lead);
  return table && table.index > 0 ? { start: range.start, end: range.start + table.index } : null;
}

function narrativeSentences(text: string, outline: Outline, original: string): Sentence[] {
  const sentences: Sentence[] = [];
  const ranges = [
    ...NARRATIVE_PARTS.map((part) => partRange(outline, part, text.length)),
    ...(Object.keys(TABLE_STARTS) as Part[]).map((part) => leadRange(text, outline, part)),
  ];
  for (const range of ranges) if (range) sentencesOf(withoutWhitespace(text, range.start, range.end), original, sentences);
  return sentences;
}

/**
 * What the narrative parts (一 总体情况, 五, 六) state about cells: figures (checked against the cells) and hints
 * (which only choose among readings). `text` is the normalised text the outline was found in; `original` the text as
 * read (same offsets), from which sentences are quoted.
 */
export function readNarrative(text: string, outline: Outline, year: number, original: string = text): { figures: NarrativeFigure[]; hints: ProactiveHint[] } {
  const figures: NarrativeFigure[] = [];
  const hints: ProactiveHint[] = [];
  for (const sentence of narrativeSentences(text, outline, original)) {
    const bare = withoutAsides(sentence.text);
    if (OTHER_AGENCIES.test(bare)) continue;
    figures.push(...sentenceFigures(sentence, bare, year));
    hints.push(...sentenceHints(sentence, bare, year));
  }
  return { figures, hints };
}

export function narrativeFigures(text: string, outline: Outline, year: number, original: string = text): NarrativeFigure[] {
  return readNarrative(text, outline, year, original).figures;
}
