import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createWorker, OEM, PSM, type Worker } from "tesseract.js";

/**
 * The recognition engine: Tesseract (tesseract.js, WebAssembly) with its language data read from the npm packages
 * @tesseract.js-data/chi_sim and @tesseract.js-data/eng, which ship the traineddata in their tarballs. Nothing is
 * fetched: `langPath` is a local folder, the core's wasm is tesseract.js-core's in node_modules, and the cache is off
 * (`cacheMethod: "none"`), so no file is written either.
 */
const require = createRequire(import.meta.url);

/** The folder of a data package's LSTM (integer) model. */
function langPath(lang: "chi_sim" | "eng"): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), "4.0.0_best_int");
}

export type Recognised = { text: string; confidence: number };

/** The confidence given to a number whose reading had stray points or signs cut off (below the review threshold). */
const SPECKED_CONFIDENCE = 50;

/** Tesseract separates CJK characters by spaces: drop every space beside a non-ASCII character. */
export function joinCjk(text: string): string {
  return text
    .replace(/[ \t]+/g, " ")
    .replace(/ (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) /g, "")
    .trim();
}

/** Two workers: Chinese (with digits and Latin) for labels and text, and a digits-only one for numbers. */
export class OcrEngine {
  private constructor(
    private readonly chinese: Worker,
    private readonly digits: Worker,
  ) {}

  static async start(): Promise<OcrEngine> {
    const options = { cacheMethod: "none", gzip: true } as const;
    const [chinese, digits] = await Promise.all([
      createWorker("chi_sim", OEM.LSTM_ONLY, { ...options, langPath: langPath("chi_sim") }),
      createWorker("eng", OEM.LSTM_ONLY, { ...options, langPath: langPath("eng") }),
    ]);
    await chinese.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: "0" });
    await digits.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE, tessedit_char_whitelist: "0123456789.+-" });
    return new OcrEngine(chinese, digits);
  }

  /** Lines of Chinese text (a block: a paragraph, a heading, a cell's label). */
  async text(png: Buffer): Promise<Recognised> {
    const { data } = await this.chinese.recognize(png);
    const lines = data.text.split("\n").map(joinCjk).filter(Boolean);
    return { text: lines.join("\n"), confidence: data.confidence };
  }

  /**
   * One line of digits (a number cell): only 0-9, the decimal point and a sign are read. `single`: the image is one
   * character (a lone digit the line mode finds nothing in).
   */
  async number(png: Buffer, single = false): Promise<Recognised> {
    if (single) await this.digits.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_CHAR });
    try {
      const { data } = await this.digits.recognize(png);
      // Specks beside a number come back as points (.20., ..70): a point counts only between digits, a sign only first.
      const text = data.text
        .replace(/\s+/g, "")
        .replace(/^[.]+|[.+-]+$/g, "")
        .replace(/\.{2,}/g, ".");
      const cleaned = text !== data.text.replace(/\s+/g, "");
      return { text, confidence: cleaned ? Math.min(data.confidence, SPECKED_CONFIDENCE) : data.confidence };
    } finally {
      if (single) await this.digits.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.chinese.terminate(), this.digits.terminate()]);
  }
}
