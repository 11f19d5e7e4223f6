import { describe, expect, it } from "vitest";
import { chooseReadings, onlyReadings, readCells } from "../lib/report/cells";
import {
  bareLabel,
  bareWordsPattern,
  compact,
  compactLongerThan,
  FOLDABLE,
  foldChar,
  isFoldable,
  isSpace,
  LABEL_PUNCTUATION,
  normalizeText,
  spacedWords,
} from "../lib/report/normalize";
import { readings } from "../lib/report/readings";
import { groupTokens, tokenize } from "../lib/report/tokens";

describe("normalizeText", () => {
  it("folds full-width digits, brackets and spaces without changing the length", () => {
    const input = "（一）予以公开\u3000１２\u00a0３\r\n";
    const output = normalizeText(input);
    expect(output).toBe("(一)予以公开 12 3 \n");
    expect(output).toHaveLength(input.length);
  });

  it("folds the CJK Radicals Supplement and the Kangxi radicals to their ideographs, one character to one", () => {
    const input = "⻓沙市人⺠政府⻔户⽹站，⼈⺠群众";
    const output = normalizeText(input);
    expect(output).toBe("长沙市人民政府门户网站,人民群众");
    expect(output).toHaveLength(input.length);
  });
});

describe("whitespace without regular expressions (parse speed)", () => {
  const everyCodeUnit = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code));

  it("isSpace is the class \\s, code unit by code unit", () => {
    const differing = everyCodeUnit.filter((char) => isSpace(char.charCodeAt(0)) !== /\s/.test(char));
    expect(differing).toEqual([]);
    expect(everyCodeUnit.filter((char) => isSpace(char.charCodeAt(0))).length).toBe(25);
  });

  it("isFoldable is the class FOLDABLE, and normalizeText the replace it stands for, code unit by code unit", () => {
    const differing = everyCodeUnit.filter((char) => isFoldable(char.charCodeAt(0)) !== FOLDABLE.test(char));
    expect(differing).toEqual([]);
    const byReplace = (text: string) =>
      text.replace(/\r\n?/g, (crlf) => (crlf.length === 2 ? " \n" : "\n")).replace(new RegExp(FOLDABLE.source, "g"), foldChar);
    const every = everyCodeUnit.join("");
    expect(normalizeText(every) === byReplace(every)).toBe(true);
    for (const text of ["", "abc", "（一）", "\r\n\r\r\n１", "⻓沙市人⺠政府", "x\u3000"]) expect(normalizeText(text)).toBe(byReplace(text));
  });

  it("bareLabel is the replace of LABEL_PUNCTUATION it stands for, code unit by code unit", () => {
    const byReplace = (text: string) => text.replace(LABEL_PUNCTUATION, "");
    expect(everyCodeUnit.filter((char) => bareLabel(`a${char}b`) !== byReplace(`a${char}b`))).toEqual([]);
    for (const text of ["", "-", "a", "（一）予以公开", " 本年 新制作\t数量 ", "1.属于国家秘密。", "a\u3000b\u2028c\ufeffd\u00a0e—"]) {
      expect(bareLabel(text)).toBe(byReplace(text));
    }
  });

  it("compactLongerThan tells whether compact(text) is longer than the limit", () => {
    for (const text of ["", "ab", " a b ", "一、总体情况", "\t\t3.危及“三安全一稳定”\t0\t0\t0", "a\u3000b\u2028c\ufeffd\u00a0e"]) {
      for (let limit = 0; limit <= 12; limit++) expect(compactLongerThan(text, limit), `${JSON.stringify(text)} ${limit}`).toBe(compact(text).length > limit);
    }
  });

  it("spacedWords finds a word in the raw text exactly where compact(text) has it", () => {
    const pattern = spacedWords("不补正", "缴纳费用");
    const pieces = ["不", "补", "正", "缴纳", "费用", " ", "\n", "\t", "\u3000", "、", "x"];
    // Every text of up to four pieces: no sampling, so the test gives the same answer on every run.
    let level = [""];
    const texts = [""];
    for (let length = 1; length <= 4; length++) {
      level = level.flatMap((text) => pieces.map((piece) => text + piece));
      for (const text of level) texts.push(text);
    }
    expect(texts.length).toBe(1 + 11 + 11 ** 2 + 11 ** 3 + 11 ** 4);
    for (const text of texts) expect(pattern.test(text), JSON.stringify(text)).toBe(/不补正|缴纳费用/.test(compact(text)));
    expect(spacedWords("a.b").test("axb")).toBe(false);
  });

  it("bareWordsPattern finds bareLabel(words) in the text exactly where bareLabel(text) has it", () => {
    const words = "（一）予以公开";
    const pattern = bareWordsPattern(words);
    const pieces = ["一", "予以", "公开", "(", "（", "）", " ", "\n", "、", "二", "."];
    let level = [""];
    const texts = [""];
    for (let length = 1; length <= 4; length++) {
      level = level.flatMap((text) => pieces.map((piece) => text + piece));
      for (const text of level) texts.push(text);
    }
    for (const text of texts) expect(pattern.test(text), JSON.stringify(text)).toBe(bareLabel(text).includes(bareLabel(words)));
    expect(bareWordsPattern("3.危及“三安全一稳定”").test('3 . 危及 "三安全一稳定"')).toBe(true);
  });

  it("tokenize cuts the text at every whitespace character and only there", () => {
    for (const char of everyCodeUnit.filter((c) => /[^\d.,、]/.test(c))) {
      const tokens = tokenize(`12${char}34`).map((t) => [t.kind, t.text, t.at]);
      const expected = /\s/.test(char)
        ? [
            ["num", "12", 0],
            ["num", "34", 3],
          ]
        : [
            ["num", "12", 0],
            ["text", char, 2],
            ["num", "34", 3],
          ];
      expect(tokens, `U+${char.charCodeAt(0).toString(16)}`).toEqual(expected);
    }
  });
});

describe("tokenize", () => {
  it("joins spaced and wrapped label characters and keeps item numbers with their labels", () => {
    const groups = groupTokens(tokenize("结 果 维 持\n三\n、本年度办理结果\t(三) 不予公开\t1. 属于国家秘密\t0\t1"));
    expect(groups).toEqual([{ label: "结果维持三、本年度办理结果(三)不予公开1.属于国家秘密", numbers: ["0", "1"], at: 38 }]);
  });

  it("gives each token its offset in the text, also after a spaced item number is joined up", () => {
    const text = "总计 12 3\n2 . 其他 45 6";
    const tokens = tokenize(text);
    expect(tokens.map((t) => [t.text, t.at])).toEqual([
      ["总计", 0],
      ["12", 3],
      ["3", 6],
      ["2.其他", 8],
      ["45", 15],
      ["6", 18],
    ]);
    for (const t of tokens.filter((t) => t.kind === "num")) expect(text.slice(t.at, t.at + t.text.length)).toBe(t.text);
  });

  it("splits numbers glued to the next label and its item number", () => {
    const groups = groupTokens(tokenize("(七)总计6000006四、结转下年度继续办理0000000 00000002.重复申请1"));
    expect(groups.map((g) => [g.label, g.numbers])).toEqual([
      ["(七)总计", ["6000006"]],
      ["四、结转下年度继续办理", ["0000000", "0000000"]],
      ["2.重复申请", ["1"]],
    ]);
  });

  it("reads thousands separators as one number", () => {
    expect(groupTokens(tokenize("总计 1,234 5"))[0]?.numbers).toEqual(["1234", "5"]);
  });
});

describe("readings of numbers whose separators were lost", () => {
  it("lists every cut into the column count without leading zeros", () => {
    expect(readings(["6000006"], 7)).toEqual([[6, 0, 0, 0, 0, 0, 6]]);
    expect(readings(["12000012"], 7)).toHaveLength(3);
    expect(readings(["1", "2"], 3)).toEqual([]);
  });

  it("lists the readings whose total is the sum of the columns, for the table to choose from", () => {
    expect(readCells(["102000012"], 7, 7)).toEqual({ kind: "glued", pieces: ["102000012"], fitting: [[10, 2, 0, 0, 0, 0, 12]] });
    expect(readCells(["11000011"], 7, 7)).toEqual({ kind: "glued", pieces: ["11000011"], fitting: [] });
    expect(readings(["120000012"], 7, 7)).toEqual([[12, 0, 0, 0, 0, 0, 12]]);
  });

  it("takes a glued row as printed only when it has a single reading at all", () => {
    expect(onlyReadings([{ pieces: ["1200004"] }], 7)).toEqual([[1, 2, 0, 0, 0, 0, 4]]);
    expect(onlyReadings([{ pieces: ["11000011"] }], 7)).toBeNull();
  });

  it("keeps only the cells every alignment agrees on when there are extra numbers", () => {
    expect(readCells(["0", "0", "0"], 2, 2)).toEqual({ kind: "extra", values: [0, 0], printed: 3 });
    expect(readCells(["1", "0", "0"], 2, 2)).toEqual({ kind: "extra", values: [null, 0], printed: 3 });
  });

  it("chooses the only combination the identities accept, or none when several fit", () => {
    const sumIsTen = (choice: number[][]) => (choice.flat().reduce((a, b) => a + b, 0) === 10 ? 0 : 1);
    expect(
      chooseReadings(
        [
          [[1], [4]],
          [[9], [7]],
        ],
        sumIsTen,
      ),
    ).toEqual({ kind: "one", rows: [[1], [9]] });
    expect(
      chooseReadings(
        [
          [[5], [1]],
          [[5], [9]],
        ],
        () => 0,
      ),
    ).toEqual({ kind: "many" });
    expect(chooseReadings([[[2]], [[3]]], sumIsTen)).toEqual({ kind: "none" });
  });
});

describe("tokenize: the narrative's year after a flattened table", () => {
  it("cuts the year off digits it was glued to (…20000022025年，我局…)", () => {
    const numbers = tokenize("四、结转下年度继续办理20000022025年，我局共收到").filter((t) => t.kind === "num");
    expect(numbers.map((t) => t.text)).toEqual(["2000002"]);
  });

  it("keeps digits that are not followed by 年, and short runs that are a year alone", () => {
    expect(
      tokenize("总计20000022025 五、")
        .filter((t) => t.kind === "num")
        .map((t) => t.text),
    ).toEqual(["20000022025"]);
    expect(
      tokenize("办理 2025年")
        .filter((t) => t.kind === "num")
        .map((t) => t.text),
    ).toEqual(["2025"]);
  });
});
