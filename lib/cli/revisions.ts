import type { CurrentReason, StoredVersion, WriteStore } from "../store/write-store";
import { runDbCommand } from "./db-command";
import { EXIT, type CliIo } from "./io";

export type RevisionsIo = Pick<CliIo, "stdout" | "stderr"> & { now: () => Date };

const USAGE = `usage: npm run revisions -- [--db PATH] list AGENCY YEAR    (AGENCY: an id or part of a name or alias)
       npm run revisions -- [--db PATH] choose REPORT_ID      (that file is current, whatever is ingested later)
       npm run revisions -- [--db PATH] release REPORT_ID     (the documents decide again)
`;

export const REASON_TEXT: Record<CurrentReason, string> = {
  only: "the only file",
  chosen: "chosen by a user",
  revisionMark: "marked 更正/修订/修正",
  signedOn: "the latest 落款 date",
  publishedOn: "the latest publication date",
  undecided: "already current; the documents do not decide (revision.undecided)",
  ingestOrder: "ingested last before edition facts were read (npm run reparse decides again)",
};

function versionLine(v: StoredVersion): string {
  const facts = [`落款 ${v.signedOn ?? "—"}`, `发布 ${v.publishedOn ?? "—"}`, v.revisionMark ? `mark ${v.revisionMark}` : null].filter(Boolean).join(", ");
  const state = v.isCurrent ? `CURRENT: ${REASON_TEXT[v.currentReason as CurrentReason] ?? v.currentReason}` : "not current";
  return `  #${v.id} ${v.fileName} (${v.agencyName ?? "?"}; ${facts}) ${state}${v.chosenAt ? ` [chosen ${v.chosenAt}]` : ""}`;
}

async function list(store: WriteStore, agencyArg: string, yearArg: string, io: RevisionsIo): Promise<number> {
  const year = Number(yearArg);
  if (!Number.isInteger(year)) return usage(io, `YEAR must be a year, not ${yearArg}`);
  const found = /^\d+$/.test(agencyArg) ? await store.agencyById(Number(agencyArg)) : await store.findAgencies(agencyArg);
  if (found.length === 0) return fail(io, `no agency matches ${agencyArg}`);
  let shown = 0;
  for (const agency of found) {
    const versions = await store.yearVersions(agency.id, year);
    if (versions.length === 0) continue;
    shown++;
    io.stdout(
      `agency #${agency.id} ${agency.name} ${year}: ${versions.length} file${versions.length === 1 ? "" : "s"}\n${versions.map(versionLine).join("\n")}\n`,
    );
  }
  return shown ? EXIT.ok : fail(io, `no report of ${year} for ${found.map((a) => `#${a.id} ${a.name}`).join(", ")}`);
}

/** Sets or clears a user's choice on a report, then prints its year's files. */
async function choose(store: WriteStore, idArg: string, chosenAt: string | null, io: RevisionsIo): Promise<number> {
  const report = /^\d+$/.test(idArg) ? await store.setChoice(Number(idArg), chosenAt) : null;
  if (!report) return fail(io, `no report ${idArg}`);
  io.stdout(`${(await store.yearVersions(report.agencyId, report.year)).map(versionLine).join("\n")}\n`);
  return EXIT.ok;
}

function usage(io: RevisionsIo, message: string): number {
  io.stderr(`${message}\n${USAGE}`);
  return EXIT.usage;
}

function fail(io: RevisionsIo, message: string): number {
  io.stderr(`${message}\n`);
  return EXIT.failed;
}

/** `npm run revisions -- [--db PATH] list AGENCY YEAR | choose REPORT_ID | release REPORT_ID`. */
export async function runRevisions(argv: string[], io: RevisionsIo): Promise<number> {
  return runDbCommand(argv, io, USAGE, { list: 2, choose: 1, release: 1 }, (store, command, args) => {
    if (command === "list") return list(store, args[0]!, args[1]!, io);
    return choose(store, args[0]!, command === "choose" ? io.now().toISOString() : null, io);
  });
}
