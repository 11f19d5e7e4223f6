/**
 * Run by tests/hardening-storage.test.ts inside a user and mount namespace, with a small tmpfs mounted at
 * argv[2]: ingests one report, fills the disk up to `keep` free bytes (argv[3]), ingests two more reports
 * and prints, as JSON, what the second ingest said and what it left on the disk.
 */
import { readdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES } from "./fixtures";
import { dumpDb, ingestInto, integrityCheck } from "./hardening";

const [mount, keepArg] = process.argv.slice(2) as [string, string];
const dbPath = join(mount, "db", "n.db");
const input = (n: number) => join(FIXTURES, `seed-00${n}`, "input.txt");

function freeBytes(): number {
  const stats = statfsSync(mount);
  return stats.bavail * stats.bsize;
}

const first = await ingestInto(dbPath, [input(0)]);
const before = dumpDb(dbPath);
writeFileSync(join(mount, "filler"), Buffer.alloc(Math.max(0, freeBytes() - Number(keepArg))));
const full = await ingestInto(dbPath, [input(1), input(2)]);
const leftAfterFull = readdirSync(join(mount, "db")).concat(readdirSync(join(mount, "db", "sources")));
const unchanged = JSON.stringify(dumpDb(dbPath)) === JSON.stringify(before);
const integrity = integrityCheck(dbPath);
rmSync(join(mount, "filler"));
const rerun = await ingestInto(dbPath, [input(1), input(2)]);
process.stdout.write(
  JSON.stringify({
    firstCode: first.code,
    code: full.code,
    failed: full.summary?.failed ?? null,
    stderr: full.stderr,
    files: leftAfterFull,
    unchanged,
    integrity,
    rerun: { code: rerun.code, ingested: rerun.summary.ingested },
  }),
);
