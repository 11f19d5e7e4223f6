import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { openWritableDb } from "../../db/client";
import { storeReport } from "../../db/write";
import { sha256 } from "../../lib/ingest/hash";
import { buildSeedDb, parsedSeed, seedTexts } from "./seed-db";

/**
 * The seed database plus one report whose every stored text a page prints carries markup that would run if a page
 * wrote it as HTML: the agency name (and so the report's title), the three narrative parts, the file name and a
 * flag's message. Each payload sets `window.__xss` or opens a dialog when it runs.
 *
 * The parser keeps only word characters of a printed agency name, so the name is set on the parsed report, as
 * another reader or a hand-edited database could store it.
 */

export const HOSTILE_AGENCY = `济南"><img src=x onerror="window.__xss='agency'"><script>window.__xss='agency-script'</script>中心`;
export const HOSTILE_FILE = `"><img src=x onerror="alert('file')">'; .txt`;
export const HOSTILE_TEXT = `注入测试：<script>window.__xss='narrative'</script><img src=x onerror="alert('narrative')"></div><svg onload="window.__xss='svg'"></svg>`;
export const HOSTILE_MESSAGE = `<img src=x onerror="window.__xss='issue'">`;

/** Builds the database; returns the hostile report's id and its agency's id. */
export function buildHostileDb(path: string): { reportId: number; agencyId: number; sha256: string } {
  buildSeedDb(path);
  const seed = seedTexts()[0]!;
  const text = `${seed.text}\n${HOSTILE_TEXT}\n`;
  const parsed = parsedSeed({ name: HOSTILE_FILE, text });
  const report = {
    ...parsed,
    agency: HOSTILE_AGENCY,
    agencyAsPrinted: HOSTILE_AGENCY,
    sections: {
      overview: `${HOSTILE_TEXT}\n${parsed.sections.overview ?? ""}`,
      problems: HOSTILE_TEXT,
      other: `${HOSTILE_TEXT}<iframe src="javascript:window.__xss='iframe'"></iframe>`,
    },
    issues: [
      ...parsed.issues,
      {
        code: "label.variant" as const,
        severity: "warning" as const,
        message: HOSTILE_MESSAGE,
        where: { section: "applications" as const, row: "newReceived", column: "total" },
      },
    ],
    source: { ...parsed.source, sha256: sha256(Buffer.from(text)) },
  };
  writeFileSync(join(dirname(path), "sources", report.source.sha256), text);
  const db = openWritableDb(path);
  try {
    const stored = db.transaction((tx) => storeReport(tx, report, "2026-01-02T00:00:00.000Z"));
    const agencyId = db.$client.prepare("SELECT agency_id AS id FROM reports WHERE id = ?").get(stored.reportId) as { id: number };
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    return { reportId: stored.reportId, agencyId: agencyId.id, sha256: report.source.sha256 };
  } finally {
    db.$client.close();
  }
}
