import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL server (issue 20), for the tests (tests/support/postgres.ts) and `npm run bench -- --store
 * postgres`: a cluster made by initdb in a temporary folder, trust authentication, listening on 127.0.0.1 only at a
 * free port with its unix socket in that folder, stopped and removed by stop() (and at the process's exit). No system
 * service is used or needed: only the binaries initdb and pg_ctl, found on PATH, else in
 * /usr/lib/postgresql/<version>/bin (where Debian's `postgresql` package puts them, off PATH).
 *
 * initdb refuses to run as root: as root the cluster is made and run by the `postgres` user (Debian's package makes
 * it), else by `nobody`, through runuser, and the temporary folder is given to that user.
 */

export type PostgresBinaries = { bin: string; version: string };

function hasBoth(dir: string): boolean {
  return existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"));
}

/** The folder holding initdb and pg_ctl: $NIANBAO_PG_BIN, PATH, then the newest /usr/lib/postgresql/<version>/bin. */
export function findPostgres(): PostgresBinaries | null {
  const candidates = [
    process.env.NIANBAO_PG_BIN,
    ...(process.env.PATH ?? "").split(delimiter),
    ...(existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
  ].filter((dir): dir is string => Boolean(dir));
  const bin = candidates.find(hasBoth);
  if (!bin) return null;
  const version = spawnSync(join(bin, "pg_ctl"), ["--version"], { encoding: "utf8" }).stdout.trim();
  return { bin, version };
}

type RunAs = { user: string; uid: number; gid: number } | null;

/** Who runs initdb and the server: this process, or as root the `postgres` user, else `nobody`. */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return null;
  for (const user of ["postgres", "nobody"]) {
    const uid = spawnSync("id", ["-u", user], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", user], { encoding: "utf8" });
    if (uid.status === 0 && gid.status === 0) return { user, uid: Number(uid.stdout), gid: Number(gid.stdout) };
  }
  throw new Error("running as root, and neither a postgres nor a nobody user exists to run initdb as");
}

function run(runAs: RunAs, command: string, args: string[]): void {
  const [file, argv] = runAs ? ["runuser", ["-u", runAs.user, "--", command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`${basename(command)} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
}

/** A port free on 127.0.0.1 now (the server may still lose it to another process: start() then tries another). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type PostgresServer = {
  /** postgres://postgres@127.0.0.1:PORT/NAME */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
};

/** Makes a cluster in a new temporary folder and starts it; stop() stops it and removes the folder. */
export async function startPostgres(binaries: PostgresBinaries): Promise<PostgresServer> {
  const runAs = serverUser();
  // As root the server's user must reach the folder: a TMPDIR under /root would not do.
  const dir = mkdtempSync(join(runAs ? "/tmp" : tmpdir(), "nianbao-pg-"));
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  const pgCtl = join(binaries.bin, "pg_ctl");
  let running = false;
  const stop = () => {
    if (running) {
      running = false;
      try {
        run(runAs, pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already gone: the folder goes all the same
      }
    }
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", stop);
  };
  process.on("exit", stop);
  try {
    run(runAs, join(binaries.bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
    let port = 0;
    for (let attempt = 1; !running; attempt++) {
      port = await freePort();
      // No durability needed: fsync off. The socket in the folder, so no system path (/var/run/postgresql) is used.
      const options = `-h 127.0.0.1 -p ${port} -k ${dir} -F -c full_page_writes=off -c synchronous_commit=off`;
      try {
        run(runAs, pgCtl, ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"]);
        running = true;
      } catch (error) {
        if (attempt >= 3) throw new Error(`${(error as Error).message}\n${existsSync(log) ? readFileSync(log, "utf8") : ""}`);
      }
    }
    const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return {
      url,
      async createDatabase(name: string) {
        const client = new pg.Client({ connectionString: url("postgres") });
        await client.connect();
        try {
          // Byte order for text, as SQLite's BINARY collation; a UTF-8 ctype, or pg_trgm finds no trigram in Chinese
          // (under ctype C no CJK character is a word character: docs/postgres.md).
          await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
