/**
 * `npx tsx scripts/make-ocr-fixtures.ts`: the scan fixtures in tests/fixtures/ocr-<name>/input.pdf.
 *
 * Each is a PDF whose truth is known (a sample report's PDF with a text layer) printed and scanned: its pages
 * rendered by pdf.js at 300 or 150 dpi, some turned by about a degree, blurred or speckled with noise, encoded as
 * JPEG and wrapped, one image a page, in an image-only PDF written here (no text layer, no fonts). The tests read
 * the scan by OCR and compare every table cell with the original's text-layer reading. Deterministic: the noise
 * comes from a seeded generator, and the PDF has no dates or IDs.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const ROOT = join(import.meta.dirname, "..");

/** How one scan is made from its original. */
export type ScanRecipe = { name: string; source: string; dpi: number; rotate: number; blur: number; noise: number; quality: number; what: string };

export const SCANS: ScanRecipe[] = [
  { name: "chengdu2024-300", source: "data/samples/chengdu-ecology-2024.pdf", dpi: 300, rotate: 0, blur: 0, noise: 0, quality: 80, what: "clean 300 dpi" },
  {
    name: "busy2021-300",
    source: "tests/fixtures/formats-busy2021-pdf/input.pdf",
    dpi: 300,
    rotate: 0,
    blur: 0,
    noise: 0,
    quality: 80,
    what: "clean 300 dpi, four- and five-digit numbers",
  },
  {
    name: "chengdu2024-150-skew",
    source: "data/samples/chengdu-ecology-2024.pdf",
    dpi: 150,
    rotate: 0.8,
    blur: 0,
    noise: 0.02,
    quality: 75,
    what: "150 dpi, turned 0.8°, 2 % speckles",
  },
  {
    name: "busy2021-300-blur",
    source: "tests/fixtures/formats-busy2021-pdf/input.pdf",
    dpi: 300,
    rotate: -1.1,
    blur: 1.2,
    noise: 0.01,
    quality: 70,
    what: "300 dpi, turned −1.1°, blurred (1.2 px), 1 % speckles",
  },
];

/** mulberry32: a small seeded generator, so the noise is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One page rendered, turned, blurred and speckled as the recipe says: JPEG bytes and the size in pixels. */
async function scanPage(bytes: Uint8Array, n: number, recipe: ScanRecipe): Promise<{ jpeg: Buffer; width: number; height: number }> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(ROOT, "node_modules/pdfjs-dist/cmaps/"),
    cMapPacked: true,
    standardFontDataUrl: join(ROOT, "node_modules/pdfjs-dist/standard_fonts/"),
  }).promise;
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: recipe.dpi / 72 });
  const flat = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const fctx = flat.getContext("2d");
  fctx.fillStyle = "white";
  fctx.fillRect(0, 0, flat.width, flat.height);
  await page.render({ canvasContext: fctx as unknown as CanvasRenderingContext2D, canvas: flat as unknown as HTMLCanvasElement, viewport }).promise;
  await doc.destroy();
  const scan = createCanvas(flat.width, flat.height);
  const ctx = scan.getContext("2d");
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, scan.width, scan.height);
  if (recipe.blur > 0) ctx.filter = `blur(${recipe.blur}px)`;
  ctx.translate(scan.width / 2, scan.height / 2);
  ctx.rotate((recipe.rotate * Math.PI) / 180);
  ctx.translate(-scan.width / 2, -scan.height / 2);
  ctx.drawImage(flat, 0, 0);
  if (recipe.noise > 0) {
    const next = random(n * 7919 + recipe.dpi);
    const image = ctx.getImageData(0, 0, scan.width, scan.height);
    for (let p = 0; p < image.data.length; p += 4) {
      const r = next();
      const grain = (next() - 0.5) * 24;
      const value = r < recipe.noise / 2 ? 40 : r < recipe.noise ? 255 : image.data[p]! + grain;
      image.data[p] = image.data[p + 1] = image.data[p + 2] = Math.max(0, Math.min(255, value));
    }
    ctx.putImageData(image, 0, 0);
  }
  return { jpeg: scan.toBuffer("image/jpeg", recipe.quality), width: scan.width, height: scan.height };
}

/** A PDF of one JPEG image a page (DCTDecode XObjects), each page the image's size at `dpi`. */
export function imagePdf(pages: { jpeg: Buffer; width: number; height: number }[], dpi: number): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string) => objects.push(typeof body === "string" ? Buffer.from(body, "latin1") : body) - 1 + 1;
  const pageIds = pages.map((_, i) => 3 + i * 3);
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`);
  pages.forEach((page, i) => {
    const id = 3 + i * 3;
    const w = ((page.width * 72) / dpi).toFixed(2);
    const h = ((page.height * 72) / dpi).toFixed(2);
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${id + 1} 0 R >> >> /Contents ${id + 2} 0 R >>`);
    const head = `<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.length} >>\nstream\n`;
    add(Buffer.concat([Buffer.from(head, "latin1"), page.jpeg, Buffer.from("\nendstream", "latin1")]));
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  });
  const chunks: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, "latin1"), body, Buffer.from("\nendobj\n", "latin1")]);
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, "latin1"));
  return Buffer.concat(chunks);
}

async function main(): Promise<void> {
  for (const recipe of SCANS) {
    const bytes = new Uint8Array(readFileSync(join(ROOT, recipe.source)));
    const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
    const count = doc.numPages;
    await doc.destroy();
    const pages = [];
    for (let n = 1; n <= count; n++) pages.push(await scanPage(bytes, n, recipe));
    const dir = join(ROOT, "tests", "fixtures", `ocr-${recipe.name}`);
    mkdirSync(dir, { recursive: true });
    const pdf = imagePdf(pages, recipe.dpi);
    writeFileSync(join(dir, "input.pdf"), pdf);
    console.log(`ocr-${recipe.name}: ${count} pages, ${(pdf.length / 1024).toFixed(0)} KB (${recipe.what})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
