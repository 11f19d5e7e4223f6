import { type Canvas, createCanvas } from "@napi-rs/canvas";
import { type Binary, binarise, despeckle, type Gray, otsuThreshold, skewDegrees, toGray } from "./ocr-raster";

/**
 * A page image (a rendered scan, or a picture from a DOCX) made ready for OCR: speckles taken out at the image's own
 * resolution, a coarse image enlarged to 300 dpi (Tesseract and the grid's sizes are tuned for it), turned upright by
 * its measured skew, and binarised twice: by Otsu's threshold for reading, and for finding the rules of a degraded
 * image a little lighter too (the thin rules of an enlarged scan are grey, not black).
 */
export const OCR_DPI = 300;
/** An image coarser than this is enlarged to OCR_DPI before it is read. */
const COARSE_DPI = 250;
/** More changed pixels than this share and the image is speckled: its despeckled version is the one read. */
const SPECKLED_SHARE = 0.001;
/** How much lighter than Otsu's threshold a pixel may be and still count as a rule's ink on a degraded image. */
const RULE_LIGHTER = 15;
/** A skew smaller than this (degrees) is left as it is. */
const MIN_SKEW = 0.05;

/** `binary`: what is read; `grid`: what the rules are found in; `dpi`: the resolution both are at. */
export type PreparedImage = { binary: Binary; grid: Binary; dpi: number; skew: number; degraded: boolean };

function grayOf(canvas: Canvas): Gray {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  return toGray(data, canvas.width, canvas.height);
}

function canvasOf(gray: Gray): Canvas {
  const canvas = createCanvas(gray.width, gray.height);
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(gray.width, gray.height);
  for (let i = 0; i < gray.data.length; i++) {
    image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = gray.data[i]!;
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** `source` drawn on white, enlarged `scale` times and turned by `degrees` about its centre. */
function redraw(source: Canvas, scale: number, degrees: number): Canvas {
  const out = createCanvas(Math.round(source.width * scale), Math.round(source.height * scale));
  const ctx = out.getContext("2d");
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.translate(out.width / 2, out.height / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.translate(-out.width / 2, -out.height / 2);
  ctx.drawImage(source, 0, 0, out.width, out.height);
  return out;
}

/** An image at `dpi` (its own resolution) prepared for OCR. */
export function prepareImage(image: Canvas, dpi: number): PreparedImage {
  const gray = grayOf(image);
  const cleaned = despeckle(gray);
  const speckled = cleaned.share > SPECKLED_SHARE;
  const scale = dpi < COARSE_DPI ? OCR_DPI / dpi : 1;
  const degraded = speckled || scale > 1;
  let canvas = degraded ? redraw(speckled ? canvasOf(cleaned.image) : image, scale, 0) : image;
  let upright = canvas === image ? gray : grayOf(canvas);
  const skew = skewDegrees(binarise(upright));
  if (Math.abs(skew) >= MIN_SKEW) {
    canvas = redraw(canvas, 1, -skew);
    upright = grayOf(canvas);
  }
  const threshold = otsuThreshold(upright);
  const binary = binarise(upright, threshold);
  const grid = degraded ? binarise(upright, Math.min(254, threshold + RULE_LIGHTER)) : binary;
  return { binary, grid, dpi: dpi * scale, skew, degraded };
}
