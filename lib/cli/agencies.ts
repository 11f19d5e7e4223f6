import type { Db } from "../../db/client";
import { aliasesOf, findAgencies, mergeAgencies, splitAgency } from "../../db/identity";
import { runDbCommand } from "./db-command";
import { EXIT, type CliIo } from "./io";

export type AgenciesIo = Pick<CliIo, "stdout" | "stderr">;

const USAGE = `usage: npm run agencies -- [--db PATH] list TEXT            (agencies whose name or an alias holds TEXT)
       npm run agencies -- [--db PATH] merge A B             (agency B's reports and aliases filed under agency A)
       npm run agencies -- [--db PATH] split A ALIAS         (the reports printed as ALIAS become an agency of their own)
`;

function describeAgency(db: Db, agency: { id: number; name: string; regionCode: string }): string {
  return `#${agency.id} ${agency.name} (${agency.regionCode || "no region"}); aliases: ${aliasesOf(db, agency.id).join(", ")}`;
}

function list(db: Db, text: string, io: AgenciesIo): number {
  const found = findAgencies(db, text);
  io.stdout(found.length ? `${found.map((a) => describeAgency(db, a)).join("\n")}\n` : `no agency holds ${text}\n`);
  return found.length ? EXIT.ok : EXIT.failed;
}

function agencyIds(args: string[]): number[] | null {
  const ids = args.map(Number);
  return ids.every((id) => Number.isInteger(id) && id > 0) ? ids : null;
}

function merge(db: Db, args: string[], io: AgenciesIo): number {
  const ids = agencyIds(args);
  if (!ids) return usage(io, `merge takes two agency ids, not ${args.join(" ")}`);
  const [into, from] = ids as [number, number];
  const result = db.transaction((tx) => mergeAgencies(tx, into, from));
  io.stdout(`merged agency #${from} into #${into}: ${result.reports} report${result.reports === 1 ? "" : "s"} moved; aliases: ${result.aliases.join(", ")}\n`);
  return EXIT.ok;
}

function split(db: Db, [idArg, alias]: string[], io: AgenciesIo): number {
  const ids = agencyIds([idArg!]);
  if (!ids) return usage(io, `split takes an agency id and one of its aliases, not ${idArg}`);
  const result = db.transaction((tx) => splitAgency(tx, ids[0]!, alias!));
  io.stdout(`split ${alias} from agency #${result.from} into agency #${result.to}: ${result.reports} report${result.reports === 1 ? "" : "s"} moved\n`);
  return EXIT.ok;
}

function usage(io: AgenciesIo, message: string): number {
  io.stderr(`${message}\n${USAGE}`);
  return EXIT.usage;
}

/** `npm run agencies -- [--db PATH] list TEXT | merge A B | split A ALIAS`. */
export async function runAgencies(argv: string[], io: AgenciesIo): Promise<number> {
  return runDbCommand(argv, io, USAGE, { list: 1, merge: 2, split: 2 }, (db, command, args) => {
    if (command === "list") return list(db, args[0]!, io);
    return command === "merge" ? merge(db, args, io) : split(db, args, io);
  });
}
