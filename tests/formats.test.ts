import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument } from "../lib/ingest/read";
import { parseReport } from "../lib/report/parse";
import { type Report, ReportSchema } from "../lib/report/schema";
import { fixtureDirs, readExpected, textSource } from "./support/fixtures";

/**
 * The accuracy test across formats: one report rendered from one document model into txt, HTML (UTF-8 and
 * GBK), DOCX, PDF and DOC (scripts/make-fixtures.ts, tests/fixtures/formats-README.md). Every file, read
 * with readDocument and parsed, must give the report its text twin gives, `source` aside, and the narrative
 * compared without whitespace (line breaks inside a paragraph differ by format).
 */

type Fixture = { report: string; format: string; path: string };

function fixtures(): Fixture[] {
  return fixtureDirs("formats-").flatMap((dir) => {
    if (!statSync(dir).isDirectory()) return []; // formats-README.md
    const match = /^formats-([a-z0-9]+)-(.+)$/.exec(basename(dir));
    const input = readdirSync(dir).find((name) => name.startsWith("input."));
    if (!match || !input) return [];
    return [{ report: match[1]!, format: match[2]!, path: join(dir, input) }];
  });
}

const ALL = fixtures();
const REPORTS = [...new Set(ALL.map((f) => f.report))];

function hasSoffice(): boolean {
  try {
    execFileSync("soffice", ["--version"], { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

// CI installs LibreOffice, so there a missing soffice fails instead of skipping.
const CAN_READ_DOC = hasSoffice() || Boolean(process.env.CI);

function parsed(text: string, source: Report["source"], what: string): Report {
  const outcome = parseReport(text, { source });
  if (!outcome.ok) throw new Error(`${what}: ${outcome.reason}`);
  return outcome.report;
}

/** What must agree across formats: everything but `source`, the narrative without whitespace. */
function comparable(report: Report): Omit<Report, "source"> {
  const { source: _source, ...rest } = report;
  const compact = (text: string | null) => (text === null ? null : text.replace(/\s+/g, ""));
  return {
    ...rest,
    sections: { overview: compact(rest.sections.overview), problems: compact(rest.sections.problems), other: compact(rest.sections.other) },
  };
}

function twinPath(report: string): string {
  const twin = ALL.find((f) => f.report === report && f.format === "txt");
  if (!twin) throw new Error(`formats-${report}-txt is missing`);
  return twin.path;
}

function textTwin(report: string): Report {
  const path = twinPath(report);
  const bytes = readFileSync(path);
  return parsed(bytes.toString("utf8"), textSource(path, bytes), path);
}

async function readAndParse(path: string): Promise<Report> {
  const { text } = await readDocument(new Uint8Array(readFileSync(path)));
  return parsed(text, null, path);
}

describe("every format parses like its text twin", () => {
  it("has fixtures for every format of every report", () => {
    for (const report of REPORTS) {
      const formats = ALL.filter((f) => f.report === report).map((f) => f.format);
      expect(formats, report).toEqual(expect.arrayContaining(["txt", "html", "gbk-html", "docx", "pdf"]));
    }
    expect(ALL.some((f) => f.format === "doc")).toBe(true);
  });

  for (const report of REPORTS) {
    describe(report, () => {
      it("txt: the text twin parses to its expected JSON", () => {
        const twin = textTwin(report);
        expect(ReportSchema.parse(twin)).toEqual(twin);
        expect(twin).toEqual(readExpected(dirname(twinPath(report)), twin));
      });

      for (const fixture of ALL.filter((f) => f.report === report && f.format !== "txt")) {
        const skip = fixture.format === "doc" && !CAN_READ_DOC;
        it.skipIf(skip)(`${fixture.format}: ${basename(fixture.path)} gives the text twin's report`, async () => {
          const actual = comparable(await readAndParse(fixture.path));
          const expected = comparable(textTwin(report));
          // Key by key, so a failure shows the part that differs rather than one diff of the whole report.
          for (const key of Object.keys(expected) as (keyof typeof expected)[]) expect.soft(actual[key], key).toEqual(expected[key]);
        });
      }
    });
  }
});
