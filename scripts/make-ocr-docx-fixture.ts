/**
 * `npx tsx scripts/make-ocr-docx-fixture.ts`: tests/fixtures/ocr-busy2021-docx-images/input.docx, a DOCX whose tables
 * are pictures. Made from the busy2021 DOCX (tests/fixtures/formats-busy2021-docx) and its PDF (formats-busy2021-pdf,
 * the same document through LibreOffice): each table of the DOCX is replaced by pictures of that table cut from the
 * PDF's pages rendered at 200 dpi (表三 crosses a page break in the PDF, so it becomes two pictures, one under the
 * other, as a report pasted from page screenshots would hold it). The text around the tables stays the DOCX's text.
 * The truth is the PDF's text-layer reading. Deterministic: no dates or IDs, fixed zip times.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { findTables } from "../lib/ingest/ocr-grid";
import { binarise, toGray } from "../lib/ingest/ocr-raster";

const ROOT = join(import.meta.dirname, "..");
export const DOCX_IMAGES = {
  name: "busy2021-docx-images",
  docx: "tests/fixtures/formats-busy2021-docx/input.docx",
  /** The truth, and where the pictures are cut from. */
  source: "tests/fixtures/formats-busy2021-pdf/input.pdf",
  dpi: 200,
  /** For each table of the DOCX, the tables of the PDF (in page order) that picture it. */
  pieces: [[0], [1, 2], [3]],
  what: "DOCX, its three tables pictures of 200 dpi (表三 in two)",
};
/** White kept around a table's rules in its picture (pixels). */
const MARGIN = 12;
const EMU_PER_INCH = 914_400;

type Picture = { png: Buffer; width: number; height: number };

/** The PDF's tables, page by page, each cut out as a PNG. */
async function tablePictures(pdf: Uint8Array, dpi: number): Promise<Picture[]> {
  const doc = await getDocument({
    data: pdf,
    cMapUrl: join(ROOT, "node_modules/pdfjs-dist/cmaps/"),
    cMapPacked: true,
    standardFontDataUrl: join(ROOT, "node_modules/pdfjs-dist/standard_fonts/"),
  }).promise;
  const pictures: Picture[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    const gray = toGray(ctx.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
    for (const table of findTables(binarise(gray), dpi)) {
      const x0 = Math.max(0, Math.floor(table.x0) - MARGIN);
      const y0 = Math.max(0, Math.floor(table.y0) - MARGIN);
      const width = Math.min(canvas.width, Math.ceil(table.x1) + MARGIN) - x0;
      const height = Math.min(canvas.height, Math.ceil(table.y1) + MARGIN) - y0;
      const cut = createCanvas(width, height);
      cut.getContext("2d").drawImage(canvas, x0, y0, width, height, 0, 0, width, height);
      pictures.push({ png: cut.toBuffer("image/png"), width, height });
    }
  }
  await doc.destroy();
  return pictures;
}

/** A paragraph holding one inline picture (DrawingML), `id` its relationship's number. */
function pictureParagraph(id: number, picture: Picture, dpi: number): string {
  const cx = Math.round((picture.width / dpi) * EMU_PER_INCH);
  const cy = Math.round((picture.height / dpi) * EMU_PER_INCH);
  return (
    `<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/>` +
    `<wp:docPr id="${id}" name="table${id}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:nvPicPr><pic:cNvPr id="${id}" name="table${id}.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="rIdTable${id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
  );
}

/** The outermost tables of document.xml: [start, end) of each `<w:tbl>…</w:tbl>`, nested tables inside theirs. */
function outerTables(xml: string): [number, number][] {
  const found: [number, number][] = [];
  const tags = /<w:tbl>|<\/w:tbl>/g;
  let depth = 0;
  let start = 0;
  for (let match = tags.exec(xml); match; match = tags.exec(xml)) {
    if (match[0] === "<w:tbl>") {
      if (depth++ === 0) start = match.index;
    } else if (--depth === 0) found.push([start, match.index + match[0].length]);
  }
  return found;
}

export async function makeDocxImages(): Promise<Buffer> {
  const recipe = DOCX_IMAGES;
  const pictures = await tablePictures(new Uint8Array(readFileSync(join(ROOT, recipe.source))), recipe.dpi);
  const wanted = recipe.pieces.flat().length;
  if (pictures.length !== wanted) throw new Error(`${recipe.source}: ${pictures.length} tables found, ${wanted} expected`);
  const parts = unzipSync(new Uint8Array(readFileSync(join(ROOT, recipe.docx))));
  let xml = strFromU8(parts["word/document.xml"]!);
  const tables = outerTables(xml);
  if (tables.length !== recipe.pieces.length) throw new Error(`${recipe.docx}: ${tables.length} tables, ${recipe.pieces.length} expected`);
  // From the last table back, so the earlier tables' offsets stay right.
  for (let k = tables.length - 1; k >= 0; k--) {
    const [start, end] = tables[k]!;
    const drawn = recipe.pieces[k]!.map((i) => pictureParagraph(i + 1, pictures[i]!, recipe.dpi)).join("");
    xml = xml.slice(0, start) + drawn + xml.slice(end);
  }
  parts["word/document.xml"] = strToU8(xml);
  const relationships = pictures
    .map(
      (_, i) =>
        `<Relationship Id="rIdTable${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/table${i + 1}.png"/>`,
    )
    .join("");
  parts["word/_rels/document.xml.rels"] = strToU8(
    strFromU8(parts["word/_rels/document.xml.rels"]!).replace("</Relationships>", `${relationships}</Relationships>`),
  );
  pictures.forEach((picture, i) => {
    parts[`word/media/table${i + 1}.png`] = new Uint8Array(picture.png);
  });
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(parts)) zippable[name] = [data, { level: 6, mtime: new Date(2000, 0, 1) }];
  return Buffer.from(zipSync(zippable));
}

async function main(): Promise<void> {
  const dir = join(ROOT, "tests", "fixtures", `ocr-${DOCX_IMAGES.name}`);
  mkdirSync(dir, { recursive: true });
  const docx = await makeDocxImages();
  writeFileSync(join(dir, "input.docx"), docx);
  console.log(`ocr-${DOCX_IMAGES.name}: ${(docx.length / 1024).toFixed(0)} KB (${DOCX_IMAGES.what})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
