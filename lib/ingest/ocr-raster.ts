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
