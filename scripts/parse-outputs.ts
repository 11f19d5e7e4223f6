import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { reportFromBytes } from "../lib/pipeline/job";
import { parseReport } from "../lib/report/parse";
import { corpusReports, corpusText, DEFAULT_CORPUS } from "../lib/synth/corpus";

/**
 * `npx tsx scripts/parse-outputs.ts OUT [ROOT…]`: writes, one line per input, the key and
 * `JSON.stringify` of what the parser gives, so that two versions of the parser can be compared byte for byte
 * (`cmp a b`) before a change meant to make it faster and nothing else is merged. The inputs: the bench's 2000
 * synthetic texts, seven variants of the first 800 (the layouts real documents come in), and every file under each
 * ROOT (default tests/fixtures and the corpus and seeds of ../shared or $NIANBAO_SHARED) read by `reportFromBytes`, as the readers do.
 */

const REPO = join(import.meta.dirname, "..");
const SHARED = process.env.NIANBAO_SHARED ?? join(REPO, "..", "shared");
const DEFAULT_ROOTS = [join(REPO, "tests", "fixtures"), join(SHARED, "corpus"), join(SHARED, "seeds")];

/** Text transforms real documents show: flattened lines, lost tabs, glued digits, spaced item numbers, cut files. */
export const VARIANTS: Record<string, (text: string) => string> = {
  noBreaks: (text) => text.replace(/\n/g, ""),
  tabsToSpaces: (text) => text.replace(/\t/g, " "),
  gluedDigits: (text) => text.replace(/(\d)\t(?=\d)/g, "$1"),
  flattened: (text) => text.replace(/\t/g, "").replace(/\n/g, ""),
  spacedItems: (text) => text.replace(/([一二三四五六七八九十])([、．.])/g, "$1 $2 "),
  cut70: (text) => text.slice(0, Math.floor(text.length * 0.7)),
  tabsToBreaks: (text) => text.replace(/\t/g, "\n"),
};

function* filesUnder(root: string): Generator<string> {
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [out, ...roots] = argv;
  if (!out) {
    process.stderr.write("usage: tsx scripts/parse-outputs.ts OUT [ROOT…]\n");
    return 2;
  }
  const lines: string[] = [];
  const texts = [...corpusReports({ ...DEFAULT_CORPUS, reports: 2000 })].map(corpusText);
  texts.forEach((text, index) => lines.push(`synth ${index}\t${JSON.stringify(parseReport(text))}`));
  for (const [name, variant] of Object.entries(VARIANTS))
    texts.slice(0, 800).forEach((text, index) => lines.push(`${name} ${index}\t${JSON.stringify(parseReport(variant(text)))}`));
  for (const root of roots.length ? roots : DEFAULT_ROOTS)
    for (const path of filesUnder(root)) {
      const result = await reportFromBytes(path, readFileSync(path));
      lines.push(`${basename(root)}/${relative(root, path)}\t${JSON.stringify(result.ok ? result.report : result.reason)}`);
    }
  writeFileSync(out, `${lines.join("\n")}\n`);
  process.stdout.write(`${lines.length} outputs written to ${out}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main(process.argv.slice(2));
