import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { defaultIo, EXIT, type CliIo } from "../lib/cli/io";
import { renderDocx } from "../lib/synth/render-docx";
import { encodeHtml, renderHtml } from "../lib/synth/render-html";
import { renderPdf } from "../lib/synth/render-pdf";
import { reportToDocument } from "../lib/synth/render";
import { corpusReports, corpusText, DEFAULT_CORPUS, type CorpusOptions, type Truth } from "../lib/synth/corpus";

/**
 * `npm run synth -- --reports N --out DIR [--seed S] [--sample K]`: the synthetic corpus as files.
 *   DIR/txt/<id>.txt          every report as text (in one of the text layouts)
 *   DIR/sample/<id>.pdf|docx|html   the first K reports in the other formats, through the same renderers
 *   DIR/truth.jsonl           one line per report: its ground truth (values as printed, breaks, mismatches)
 *   DIR/corpus.json           the options and counts
 */

const USAGE = "usage: npm run synth -- --reports N --out DIR [--seed S] [--sample K] [--breaks SHARE] [--mismatches SHARE]\n";

export type SynthArgs = { options: CorpusOptions; out: string; sample: number };

function share(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new Error(`not a share between 0 and 1: ${text}`);
  return value;
}

function count(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} takes a whole number, not ${text}`);
  return Number(text);
}

export function synthArgs(argv: string[]): SynthArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      reports: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      sample: { type: "string" },
      breaks: { type: "string" },
      mismatches: { type: "string" },
    },
  });
  if (!values.out || !values.reports) throw new Error("--reports and --out are required");
  const options: CorpusOptions = {
    ...DEFAULT_CORPUS,
    reports: count(values.reports, DEFAULT_CORPUS.reports, "reports"),
    seed: count(values.seed, DEFAULT_CORPUS.seed, "seed"),
    identityBreaks: share(values.breaks, DEFAULT_CORPUS.identityBreaks),
    crossYearMismatches: share(values.mismatches, DEFAULT_CORPUS.crossYearMismatches),
  };
  return { options, out: resolve(values.out), sample: count(values.sample, 12, "sample") };
}

async function writeSample(dir: string, truth: Truth): Promise<void> {
  const doc = reportToDocument(truth.report);
  writeFileSync(join(dir, `${truth.id}.pdf`), renderPdf(doc));
  writeFileSync(join(dir, `${truth.id}.docx`), await renderDocx(doc));
  writeFileSync(join(dir, `${truth.id}.html`), encodeHtml(renderHtml(doc), "utf-8"));
}

export async function main(argv: string[], io: Pick<CliIo, "stdout" | "stderr">): Promise<number> {
  let args: SynthArgs;
  try {
    args = synthArgs(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const { options, out, sample } = args;
  mkdirSync(join(out, "txt"), { recursive: true });
  mkdirSync(join(out, "sample"), { recursive: true });
  const truthFile = createWriteStream(join(out, "truth.jsonl"));
  const tally = { reports: 0, agencies: new Set<number>(), identityBreaks: 0, crossYearMismatches: 0, byVersion: { "2019": 0, "2021": 0 } };
  for (const truth of corpusReports(options)) {
    writeFileSync(join(out, "txt", `${truth.id}.txt`), corpusText(truth));
    if (truth.id <= sample) await writeSample(join(out, "sample"), truth);
    if (!truthFile.write(`${JSON.stringify(truth)}\n`)) await new Promise<void>((done) => truthFile.once("drain", () => done()));
    tally.reports++;
    tally.agencies.add(truth.agencyKey);
    if (truth.identityBreak) tally.identityBreaks++;
    if (truth.crossYearMismatch) tally.crossYearMismatches++;
    tally.byVersion[truth.report.formatVersion]++;
  }
  await new Promise<void>((done) => truthFile.end(() => done()));
  const summary = {
    options,
    reports: tally.reports,
    agencies: tally.agencies.size,
    identityBreaks: tally.identityBreaks,
    crossYearMismatches: tally.crossYearMismatches,
    byVersion: tally.byVersion,
    sample: Math.min(sample, tally.reports),
  };
  writeFileSync(join(out, "corpus.json"), `${JSON.stringify(summary, null, 2)}\n`);
  io.stdout(
    `${tally.reports} reports of ${tally.agencies.size} agencies in ${out} (${summary.sample} also as PDF, DOCX and HTML in sample/); ground truth in truth.jsonl\n`,
  );
  return EXIT.ok;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2), defaultIo());
}
