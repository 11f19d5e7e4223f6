/**
 * Page images as the OCR reader sees them: 8-bit grey pixels, row by row. Pure functions (no canvas, no I/O): the
 * threshold that separates ink from paper, and the skew of a scanned page measured from its ruling lines.
 */
export type Gray = { width: number; height: number; data: Uint8Array };

/** RGBA pixels (a canvas's ImageData) to grey by luma. */
export function toGray(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Gray {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    data[i] = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29) >> 8;
  }
  return { width, height, data };
}

/** Otsu's threshold: the grey level that best splits the histogram into ink and paper. */
export function otsuThreshold(image: Gray): number {
  const histogram = new Float64Array(256);
  for (const value of image.data) histogram[value]!++;
  const total = image.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * histogram[i]!;
  let sumBackground = 0;
  let weightBackground = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    weightBackground += histogram[t]!;
    if (weightBackground === 0) continue;
    const weightForeground = total - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += t * histogram[t]!;
    const meanBackground = sumBackground / weightBackground;
    const meanForeground = (sum - sumBackground) / weightForeground;
    const between = weightBackground * weightForeground * (meanBackground - meanForeground) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Ink (1) and paper (0), one byte a pixel. */
export type Binary = { width: number; height: number; ink: Uint8Array };

export function binarise(image: Gray, threshold = otsuThreshold(image)): Binary {
  const ink = new Uint8Array(image.data.length);
  for (let i = 0; i < ink.length; i++) ink[i] = image.data[i]! <= threshold ? 1 : 0;
  return { width: image.width, height: image.height, ink };
}

/**
 * The page's skew in degrees (positive: lines fall to the right), from ±`maxDegrees`: the angle at which the ink,
 * projected along lines of that slope, piles up most sharply (ruling lines and text baselines). Sampled every
 * `stride` columns, so a page takes a few tens of milliseconds.
 */
export function skewDegrees(page: Binary, maxDegrees = 3, stepDegrees = 0.05, stride = 3): number {
  const { width, height, ink } = page;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x += stride) {
      if (!ink[row + x]) continue;
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length === 0) return 0;
  const margin = Math.ceil(width * Math.tan((maxDegrees * Math.PI) / 180)) + 1;
  const bins = new Float64Array(height + 2 * margin);
  let bestScore = -1;
  let best = 0;
  for (let degrees = -maxDegrees; degrees <= maxDegrees + 1e-9; degrees += stepDegrees) {
    const slope = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! - xs[i]! * slope) + margin]!++;
    let score = 0;
    for (const count of bins) score += count * count;
    if (score > bestScore) {
      bestScore = score;
      best = degrees;
    }
  }
  return Math.round(best * 100) / 100;
}

/** The box of the ink inside a rectangle (pixels with at least two inked neighbours, so specks of noise are not ink). */
export function inkBox(page: Binary, x0: number, y0: number, x1: number, y1: number): { x0: number; y0: number; x1: number; y1: number; count: number } | null {
  const { width, ink } = page;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  let count = 0;
  for (let y = Math.max(1, y0); y < Math.min(page.height - 1, y1); y++) {
    for (let x = Math.max(1, x0); x < Math.min(width - 1, x1); x++) {
      const at = y * width + x;
      if (!ink[at]) continue;
      const neighbours = ink[at - 1]! + ink[at + 1]! + ink[at - width]! + ink[at + width]!;
      if (neighbours < 2) continue;
      count++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return count === 0 ? null : { x0: minX, y0: minY, x1: maxX + 1, y1: maxY + 1, count };
}

/** The ink of a rectangle without specks: 8-connected blots of at least `minBlot` pixels, and the box they fill. */
export type CleanInk = {
  width: number;
  height: number;
  ink: Uint8Array;
  box: { x0: number; y0: number; x1: number; y1: number } | null;
  count: number;
  /** Blots left out as specks. */
  specks: number;
};

/**
 * The ink inside a rectangle of the page with its specks removed (blots smaller than `minBlot` pixels: scanner dust
 * and noise), and with thin remnants of the surrounding rules that touch its edge removed too.
 */
export function cleanInk(page: Binary, x0: number, y0: number, x1: number, y1: number, minBlot: number): CleanInk {
  const left = Math.max(0, Math.round(x0));
  const top = Math.max(0, Math.round(y0));
  const width = Math.max(0, Math.min(page.width, Math.round(x1)) - left);
  const height = Math.max(0, Math.min(page.height, Math.round(y1)) - top);
  const ink = new Uint8Array(width * height);
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  const blot: number[] = [];
  let box: CleanInk["box"] = null;
  let count = 0;
  let specks = 0;
  for (let start = 0; start < ink.length; start++) {
    if (seen[start] || !page.ink[(top + Math.floor(start / width)) * page.width + left + (start % width)]) continue;
    blot.length = 0;
    stack.push(start);
    seen[start] = 1;
    let [bx0, by0, bx1, by1] = [width, height, -1, -1];
    while (stack.length) {
      const at = stack.pop()!;
      blot.push(at);
      const x = at % width;
      const y = (at - x) / width;
      bx0 = Math.min(bx0, x);
      bx1 = Math.max(bx1, x);
      by0 = Math.min(by0, y);
      by1 = Math.max(by1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const next = ny * width + nx;
          if (seen[next] || !page.ink[(top + ny) * page.width + left + nx]) continue;
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    const touchesEdge = bx0 === 0 || by0 === 0 || bx1 === width - 1 || by1 === height - 1;
    const thin = bx1 - bx0 < 6 || by1 - by0 < 6;
    if (blot.length < minBlot) specks++;
    if (blot.length < minBlot || (touchesEdge && thin)) continue;
    for (const at of blot) ink[at] = 1;
    count += blot.length;
    box = box
      ? { x0: Math.min(box.x0, bx0), y0: Math.min(box.y0, by0), x1: Math.max(box.x1, bx1 + 1), y1: Math.max(box.y1, by1 + 1) }
      : { x0: bx0, y0: by0, x1: bx1 + 1, y1: by1 + 1 };
  }
  return { width, height, ink, box, count, specks };
}

/**
 * Salt and pepper removed: a dark pixel (at or below `threshold`) with at most one dark neighbour of eight turns to
 * paper, a light one with at least seven dark neighbours to ink. A rule one pixel thin keeps its pixels (each has two
 * dark neighbours along it), which a median filter would erase. Returns the cleaned image and the share of pixels changed.
 */
export function despeckle(image: Gray, threshold = otsuThreshold(image)): { image: Gray; share: number } {
  const { width, height, data } = image;
  const out = new Uint8Array(data);
  let changed = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const at = y * width + x;
      let dark = 0;
      let sum = 0;
      for (let dy = -width; dy <= width; dy += width) {
        for (let dx = -1; dx <= 1; dx++) {
          if (dx === 0 && dy === 0) continue;
          const value = data[at + dy + dx]!;
          sum += value;
          if (value <= threshold) dark++;
        }
      }
      const ink = data[at]! <= threshold;
      if ((ink && dark <= 1) || (!ink && dark >= 7)) {
        out[at] = Math.round(sum / 8);
        changed++;
      }
    }
  }
  return { image: { width, height, data: out }, share: changed / (width * height) };
}
