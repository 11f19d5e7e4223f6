import type { AgencyName, WriteStore } from "../store/write-store";
import { runDbCommand } from "./db-command";
import { EXIT, type CliIo } from "./io";

export type AgenciesIo = Pick<CliIo, "stdout" | "stderr">;

const USAGE = `usage: npm run agencies -- [--db PATH] list TEXT            (agencies whose name or an alias holds TEXT)
       npm run agencies -- [--db PATH] merge A B             (agency B's reports and aliases filed under agency A)
       npm run agencies -- [--db PATH] split A ALIAS         (the reports printed as ALIAS become an agency of their own)
`;

async function describeAgency(store: WriteStore, agency: AgencyName): Promise<string> {
  return `#${agency.id} ${agency.name} (${agency.regionCode || "no region"}); aliases: ${(await store.aliasesOf(agency.id)).join(", ")}`;
}

async function list(store: WriteStore, text: string, io: AgenciesIo): Promise<number> {
  const found = await store.findAgencies(text);
  const lines: string[] = [];
  for (const agency of found) lines.push(await describeAgency(store, agency));
  io.stdout(found.length ? `${lines.join("\n")}\n` : `no agency holds ${text}\n`);
  return found.length ? EXIT.ok : EXIT.failed;
}

function agencyIds(args: string[]): number[] | null {
  const ids = args.map(Number);
  return ids.every((id) => Number.isInteger(id) && id > 0) ? ids : null;
}

async function merge(store: WriteStore, args: string[], io: AgenciesIo): Promise<number> {
  const ids = agencyIds(args);
  if (!ids) return usage(io, `merge takes two agency ids, not ${args.join(" ")}`);
  const [into, from] = ids as [number, number];
  const result = await store.mergeAgencies(into, from);
  io.stdout(`merged agency #${from} into #${into}: ${result.reports} report${result.reports === 1 ? "" : "s"} moved; aliases: ${result.aliases.join(", ")}\n`);
  return EXIT.ok;
}

async function split(store: WriteStore, [idArg, alias]: string[], io: AgenciesIo): Promise<number> {
  const ids = agencyIds([idArg!]);
  if (!ids) return usage(io, `split takes an agency id and one of its aliases, not ${idArg}`);
  const result = await store.splitAgency(ids[0]!, alias!);
  io.stdout(`split ${alias} from agency #${result.from} into agency #${result.to}: ${result.reports} report${result.reports === 1 ? "" : "s"} moved\n`);
  return EXIT.ok;
}

function usage(io: AgenciesIo, message: string): number {
  io.stderr(`${message}\n${USAGE}`);
  return EXIT.usage;
}

/** `npm run agencies -- [--db PATH] list TEXT | merge A B | split A ALIAS`. */
export async function runAgencies(argv: string[], io: AgenciesIo): Promise<number> {
  return runDbCommand(argv, io, USAGE, { list: 1, merge: 2, split: 2 }, (store, command, args) => {
    if (command === "list") return list(store, args[0]!, io);
    return command === "merge" ? merge(store, args, io) : split(store, args, io);
  });
}
