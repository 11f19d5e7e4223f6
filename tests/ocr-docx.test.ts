import { describe, expect, it } from "vitest";
import { pictureWidths, spliceOcr } from "../lib/ingest/ocr-docx";

describe("a DOCX's pictures read by OCR, placed in its text", () => {
  it("gives each picture the width it is shown at, from its extent in EMU", () => {
    const drawing = (cx: number) => `<w:drawing><wp:inline><wp:extent cx="${cx}" cy="10"/><a:blip r:embed="rId9"/></wp:inline></w:drawing>`;
    expect(pictureWidths(`<w:p>${drawing(914_400 * 6)}</w:p><w:p>x</w:p><w:p>${drawing(457_200)}</w:p>`)).toEqual([6, 0.5]);
    expect(pictureWidths("<w:drawing><wp:anchor/></w:drawing>")).toEqual([null]);
  });

  it("puts each picture's lines at its marker and each reading at its offset in the text", () => {
    const reading = { confidence: 91, review: false, reason: null };
    const pictures = [
      {
        lines: ["表头", "一、本年新收\t12\t3"],
        numbers: [
          { ...reading, line: 1, start: 7, length: 2 },
          { ...reading, line: 1, start: 10, length: 1 },
        ],
      },
      null,
      { lines: ["总计\t7"], numbers: [{ ...reading, line: 0, start: 3, length: 1, review: true, reason: "low" }] },
    ];
    const text = "标题\nNIANBAO-OCR-PICTURE-0\n正文\n说明 NIANBAO-OCR-PICTURE-1\nNIANBAO-OCR-PICTURE-2 完";
    const spliced = spliceOcr(text, pictures);
    expect(spliced.text).toBe("标题\n表头\n一、本年新收\t12\t3\n正文\n说明\n总计\t7\n完");
    expect(spliced.ocr.map((r) => [spliced.text.slice(r.at, r.at + r.length), r.page, r.review])).toEqual([
      ["12", 1, false],
      ["3", 1, false],
      ["7", 3, true],
    ]);
  });
});
