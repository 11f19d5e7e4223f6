import { chooseReadings, fewestViolations, onlyReadings, readCells, type RowCells } from "./cells";
import { checkBalance, checkHandledSums, checkRowTotals } from "./checks";
import { issue } from "./issues";
import { spacedWords } from "./normalize";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  OTHER_SUB_ROWS,
  PRINTED_ROWS,
  type ApplicationRow,
  type Applications,
  type FormatVersion,
  type Issue,
} from "./schema";
import { chineseNumber } from "./numerals";
import { readings } from "./readings";
import { labelVariantIssues, placeByPosition, placeGroups, printsLabel } from "./row-labels";
import { ROW_LABELS, COLUMN_LABELS } from "./template";
import { BLANK_CELL, groupTokens, tokenize, type Group } from "./tokens";

/** 表三: the matrix of applications received and handled. */

const EMPTY_ROW: Record<string, null> = {};
for (const column of APPLICANT_COLUMNS) EMPTY_ROW[column] = null;

// A loop of copies of one empty row: Object.fromEntries per row costs several times as much, on every parse.
function emptyApplications(): Applications {
  const applications: Record<string, Record<string, null>> = {};
  for (const row of APPLICATION_ROWS) applications[row] = { ...EMPTY_ROW };
  return applications as Applications;
}

function setRow(applications: Applications, row: ApplicationRow, values: (number | null)[]): void {
  const cells = applications[row];
  for (let i = 0; i < APPLICANT_COLUMNS.length; i++) cells[APPLICANT_COLUMNS[i]!] = values[i] ?? null;
}

function deriveOtherTotal(applications: Applications): void {
  for (const column of APPLICANT_COLUMNS) {
    const parts = OTHER_SUB_ROWS.map((row) => applications[row][column]);
    applications.otherTotal[column] = parts.some((v) => v === null) ? null : (parts as number[]).reduce((a, b) => a + b, 0);
  }
}

function cellsIssue(row: ApplicationRow, cells: RowCells): Issue | null {
  const label = ROW_LABELS[row].label;
  if (cells.kind === "extra") {
    const message = `${label}: ${cells.printed} numbers for 7 columns; only the cells every alignment agrees on are kept`;
    return issue("table.extraCells", message, "applications", row);
  }
  if (cells.kind === "missing") {
    return issue("table.missingCells", `${label}: ${cells.printed} numbers for 7 columns; the row is not stored`, "applications", row);
  }
  if (cells.kind === "notCount") {
    return issue("value.notCount", `${label}: "${cells.printed.join(" ")}" holds a decimal where counts belong; the row is not stored`, "applications", row);
  }
  return null;
}

/** `rowAt`: the offset in the given text of each found row's first number. */
export type ApplicationsResult = { applications: Applications; issues: Issue[]; rowsFound: number; rowAt: Partial<Record<ApplicationRow, number>> };

/** Detects 2021's three （六） sub-rows; the 2019 template prints （六）其他处理 as one row. */
export function hasOtherSubRows(text: string): boolean {
  return OTHER_SUB_ROW_WORDS.test(text);
}

const OTHER_SUB_ROW_WORDS = spacedWords("不补正", "缴纳费用", "收费通知");

/**
 * 表三 read from the stream of labels and numbers; when that leaves rows unread and the text has table lines
 * (cells separated by tabs), read again one line per row, trusting only labels printed on a row's own line: a
 * converter that tore labels from their numbers (PDF to markdown) leaves loose label lines in the wrong places.
 */
export function parseApplications(text: string, version: FormatVersion): ApplicationsResult {
  const byTokens = readApplications(groupTokens(tokenize(text, { blanks: true })), version);
  if (problemCount(byTokens) === 0) return byTokens;
  const lines = lineGroups(text);
  if (lines.length < MIN_TABLE_LINES) return byTokens;
  const byLines = readApplications(lines, version);
  if (problemCount(byLines) >= problemCount(byTokens)) return byTokens;
  if (!lines.some((group) => group.label === "")) return byLines;
  const message = "表三 read one table line per row: labels printed apart from their numbers were not used";
  return { ...byLines, issues: [issue("label.variant", message, "applications"), ...byLines.issues] };
}

const TABLE_PROBLEMS = new Set(["section.missing", "table.extraCells", "table.missingCells", "table.ambiguous"]);
const MIN_TABLE_LINES = 10;

/** Blank cells are what a table printed, not a problem of reading it: they do not count against a reading. */
function problemCount(result: ApplicationsResult): number {
  return result.issues.filter((i) => TABLE_PROBLEMS.has(i.code) && !i.message.endsWith(PRINTED_BLANK)).length;
}

const NUMERIC_CELL = /^\d+$/;

/**
 * Each tab-separated line with six or more numbers as one row: its label is the line's other cells, maybe none. A line
 * that ends in exactly seven cells, some of them blank (26, five empty cells, 26), is a row too: its blank cells stay
 * blank ("").
 */
function lineGroups(text: string): Group[] {
  const groups: Group[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    const cells = line.split("\t").map((cell) => cell.trim());
    const numbers = cells.filter((cell) => NUMERIC_CELL.test(cell));
    const blankable = blankableCells(cells);
    if (line.includes("\t") && (numbers.length >= APPLICANT_COLUMNS.length - 1 || blankable)) {
      const label = cells.filter((cell) => cell && !NUMERIC_CELL.test(cell)).join("");
      groups.push({ label, numbers: blankable ?? numbers, at: offset + line.search(/\d/) });
    }
    offset += line.length + 1;
  }
  return groups;
}

/** The seven cells a line ends with when they are numbers or blank and at least one is blank and one a number. */
function blankableCells(cells: string[]): string[] | null {
  let first = cells.length;
  while (first > 0 && (cells[first - 1] === "" || NUMERIC_CELL.test(cells[first - 1] as string))) first--;
  const tail = cells.slice(first);
  while (tail.length > APPLICANT_COLUMNS.length && tail[0] === "") tail.shift();
  const fits = tail.length === APPLICANT_COLUMNS.length && tail.includes("") && tail.some((cell) => cell !== "");
  return fits ? tail : null;
}

function readApplications(groups: Group[], version: FormatVersion): ApplicationsResult {
  const rows = PRINTED_ROWS[version];
  const issues: Issue[] = [];
  const placed = placeGroups(groups, rows);
  placeByPosition(placed, rows, issues);
  const header = groups[0]?.label ?? "";
  issues.push(...labelVariantIssues(placed, header));

  const applications = emptyApplications();
  const glued: GluedRow[] = [];
  const unreadable: ShortRow[] = [];
  const blank: BlankRow[] = [];
  const found = new Set<ApplicationRow>();
  const rowAt: Partial<Record<ApplicationRow, number>> = {};
  // A row's numbers as first printed: joined into text only if the row is printed again.
  const printedAs = new Map<ApplicationRow, string[] | string>();
  for (const { group, row } of placed) {
    if (row && found.has(row)) issues.push(printedTwice(row, group.numbers, printedAs, applications, glued));
    if (!row || found.has(row)) continue;
    found.add(row);
    printedAs.set(row, group.numbers);
    rowAt[row] = group.at;
    const { numbers, blankAt } = withBlanks(group);
    const cells = readCells(numbers, APPLICANT_COLUMNS.length, APPLICANT_COLUMNS.length);
    const problem = cellsIssue(row, cells);
    if (problem) issues.push(problem);
    if (group.numerals) {
      const message = `${ROW_LABELS[row].label}: ${group.numerals.join("、")} printed in Chinese numerals, read as ${group.numerals.map(chineseNumber).join("、")}`;
      issues.push(issue("value.notCount", message, "applications", row));
    }
    if (blankAt.length) issues.push(...blankIssues(row, blankAt, group.blanks ?? []));
    if (cells.kind === "exact") setRow(applications, row, blankAt.length ? cells.values.map((value, i) => (blankAt.includes(i) ? null : value)) : cells.values);
    if (cells.kind === "extra") setRow(applications, row, cells.values);
    if (cells.kind === "exact" && cells.values.includes(null)) blank.push({ row, printed: cells.values });
    if (cells.kind === "glued" && tooFewDigits(cells.pieces)) unreadable.push({ row, printed: cells.pieces.join("") });
    else if (cells.kind === "glued") glued.push({ row, pieces: cells.pieces, fitting: cells.fitting });
  }
  for (const row of rows) if (!found.has(row)) issues.push(rowNotRead(row, groups));

  if (glued.length && !resolveGlued(applications, glued, version, issues)) {
    const names = glued.map(({ row }) => ROW_LABELS[row].label).join("、");
    const message = `表三: the numbers of ${names} run together and more than one reading fits; nothing is stored for this table`;
    return { applications: emptyApplications(), issues: [...issues, issue("table.ambiguous", message, "applications")], rowsFound: found.size, rowAt };
  }
  if (version === "2021") deriveOtherTotal(applications);
  for (const short of unreadable) issues.push(missingDigitsIssue(short, applications));
  for (const row of blank) issues.push(blankFilled(row, applications) ?? blankCells(row));
  return { applications, issues, rowsFound: found.size, rowAt };
}

/** Among every reading of the glued rows, the one under which the printed table breaks the fewest identities. */
function fewestBroken(applications: Applications, glued: GluedRow[], version: FormatVersion, fill: (rows: number[][]) => void): number[][] | null {
  const candidates = glued.map(({ pieces }) => readings(pieces, APPLICANT_COLUMNS.length));
  if (candidates.some((list) => list === null)) return null;
  return fewestViolations(candidates as number[][][], (choice) => {
    fill(choice);
    return checkRowTotals(applications, version).length + checkHandledSums(applications).length + checkBalance(applications).length;
  });
}

/**
 * A row printed twice (an erratum row, a page repeated): the same numbers are read once; different numbers leave
 * the row empty, since the text does not say which printing is right.
 */
function printedTwice(
  row: ApplicationRow,
  numbers: string[],
  printedAs: Map<ApplicationRow, string[] | string>,
  applications: Applications,
  glued: GluedRow[],
): Issue {
  const stored = printedAs.get(row);
  const first = Array.isArray(stored) ? stored.join(" ") : stored;
  const again = numbers.join(" ");
  if (first === again) return issue("table.duplicateRow", `${ROW_LABELS[row].label} is printed twice with the same numbers`, "applications", row);
  setRow(applications, row, []);
  const index = glued.findIndex((g) => g.row === row);
  if (index >= 0) glued.splice(index, 1);
  printedAs.set(row, `${first} | ${again}`);
  const message = `${ROW_LABELS[row].label} is printed twice with different numbers ("${first}", then "${again}"); the row is not stored`;
  return issue("table.duplicateRow", message, "applications", row);
}

/**
 * A row's numbers with its dash cells: in a row of exactly seven cells each dash is an empty cell (read as 0 here,
 * set to null once the row is read); otherwise which cell a dash stands for cannot be told, and the dashes are
 * dropped, leaving the row short as printed.
 */
function withBlanks(group: Group): { numbers: string[]; blankAt: number[] } {
  if (!group.blanks) return { numbers: group.numbers, blankAt: [] };
  if (group.numbers.length !== APPLICANT_COLUMNS.length) return { numbers: group.numbers.filter((n) => n !== BLANK_CELL), blankAt: [] };
  const blankAt = group.numbers.flatMap((n, i) => (n === BLANK_CELL ? [i] : []));
  return { numbers: group.numbers.map((n) => (n === BLANK_CELL ? "0" : n)), blankAt };
}

function blankIssues(row: ApplicationRow, blankAt: number[], printed: string[]): Issue[] {
  return blankAt.map((i, k) => {
    const column = APPLICANT_COLUMNS[i]!;
    return issue(
      "value.notApplicable",
      `${ROW_LABELS[row].label} ${column}: printed as "${printed[k] ?? BLANK_CELL}", stored as empty`,
      "applications",
      row,
      column,
    );
  });
}

/** A row whose label is printed without numbers (…不再处理其政府信息公开申请3.其他（七）总计1000001), or not at all. */
function rowNotRead(row: ApplicationRow, groups: Group[]): Issue {
  const label = ROW_LABELS[row].label;
  const printed = groups.some((group) => printsLabel(group.label, label));
  return printed
    ? issue("table.missingCells", `${label}: printed without numbers; the row is not stored`, "applications", row)
    : issue("section.missing", `表三 row ${label} not found`, "applications", row);
}

/** Fewer digits than cells: the row lost a cell, and which one cannot be seen. */
function tooFewDigits(pieces: string[]): boolean {
  return pieces.join("").length < APPLICANT_COLUMNS.length;
}

/**
 * A row of the balance 一 + 二 = （七）+ 四 printed with a cell missing is filled from the other three rows when
 * every column comes out whole and the row's total is the sum of its parts; otherwise it stays empty.
 */
function missingDigitsIssue({ row, printed }: ShortRow, applications: Applications): Issue {
  const derived = byBalance(row, applications, printed);
  if (derived) setRow(applications, row, derived);
  const how = derived ? `filled from 一 + 二 = （七）总计 + 四: ${derived.join(" ")}` : "the row is not stored";
  return issue("table.missingCells", `${ROW_LABELS[row].label}: fewer digits than its 7 cells; ${how}`, "applications", row);
}

type BlankRow = { row: ApplicationRow; printed: (number | null)[] };

/**
 * A row printed with blank cells (a converter lost a cell: | 1 | 0 | 0 | 0 | 0 | 0 |  |) is filled from the balance
 * 一 + 二 = （七）总计 + 四 when that gives every cell, agrees with every printed one and its total is the sum of its
 * parts; otherwise its blank cells stay empty.
 */
function blankFilled({ row, printed }: BlankRow, applications: Applications): Issue | null {
  const derived = balanceValues(row, applications);
  if (!derived || derived.some((value, i) => printed[i] !== null && printed[i] !== value)) return null;
  setRow(applications, row, derived);
  return issue("table.missingCells", `${ROW_LABELS[row].label}: blank cells filled from 一 + 二 = （七）总计 + 四: ${derived.join(" ")}`, "applications", row);
}

const PRINTED_BLANK = "printed blank, stored empty";

function blankCells({ row, printed }: BlankRow): Issue {
  const columns = APPLICANT_COLUMNS.filter((_, i) => printed[i] === null).map((column) => COLUMN_LABELS[column]);
  return issue("table.missingCells", `${ROW_LABELS[row].label}: ${columns.join("、")} ${PRINTED_BLANK}`, "applications", row);
}

const BALANCE_ROWS = ["newReceived", "carriedOver", "handledTotal", "carriedForward"] as const;

function byBalance(row: ApplicationRow, applications: Applications, printed: string): number[] | null {
  const values = balanceValues(row, applications);
  return values && oneCellShort(values, printed) ? values : null;
}

/** The row as the balance gives it, when every other balance cell is there and its total is the sum of its parts. */
function balanceValues(row: ApplicationRow, applications: Applications): number[] | null {
  const index = (BALANCE_ROWS as readonly string[]).indexOf(row);
  if (index < 0) return null;
  const values = APPLICANT_COLUMNS.map((column) => {
    const [received, over, handled, forward] = BALANCE_ROWS.map((r) => (r === row ? 0 : applications[r][column]));
    if ([received, over, handled, forward].some((v) => v === null)) return null;
    const inflow = received! + over!;
    const outflow = handled! + forward!;
    return index < 2 ? outflow - inflow : inflow - outflow;
  });
  if (values.some((v) => v === null || v < 0)) return null;
  const parts = (values as number[]).slice(0, -1).reduce((a, b) => a + b, 0);
  return parts === values.at(-1) ? (values as number[]) : null;
}

/** The printed digits are the derived row with exactly one of its cells left out. */
function oneCellShort(values: number[], printed: string): boolean {
  return values.some((_, i) => values.filter((__, j) => j !== i).join("") === printed);
}

/** A row printed with fewer digits than cells, and its digits. */
type ShortRow = { row: ApplicationRow; printed: string };

type GluedRow = { row: ApplicationRow; pieces: string[]; fitting: number[][] | null };

/**
 * Fills the glued rows with the only combination of readings under which every identity holds; when
 * none does (the report breaks one as printed), with the only reading each row has at all.
 */
function resolveGlued(applications: Applications, glued: GluedRow[], version: FormatVersion, issues: Issue[]): boolean {
  const fill = (rows: number[][]) => {
    glued.forEach(({ row }, i) => setRow(applications, row, rows[i] as number[]));
    if (version === "2021") deriveOtherTotal(applications);
  };
  if (glued.some(({ fitting }) => fitting === null)) return false;
  const violations = (choice: number[][]): number => {
    fill(choice);
    return checkHandledSums(applications).length + checkBalance(applications).length;
  };
  const choice = chooseReadings(
    glued.map(({ fitting }) => fitting as number[][]),
    violations,
  );
  if (choice.kind === "many") return false;
  const only = choice.kind === "one" ? choice.rows : onlyReadings(glued, APPLICANT_COLUMNS.length);
  const rows = only ?? fewestBroken(applications, glued, version, fill);
  if (!rows) return false;
  fill(rows);
  if (!only) issues.push(...fewestBrokenIssues(glued, rows));
  return true;
}

/** A glued row cut by the fewest broken identities (a rule, not a proof) says so, with the cut it took. */
function fewestBrokenIssues(glued: GluedRow[], rows: number[][]): Issue[] {
  return glued.flatMap(({ row, pieces }, i) => {
    if ((readings(pieces, APPLICANT_COLUMNS.length)?.length ?? 0) < 2) return [];
    const message = `${ROW_LABELS[row].label}: the digits "${pieces.join(" ")}" read as ${rows[i]!.join(" ")}, the reading under which the printed table breaks the fewest identities`;
    return [issue("value.inferred", message, "applications", row)];
  });
}
