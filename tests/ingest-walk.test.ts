import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectFiles } from "../lib/cli/ingest";
import { fixtureDirs } from "./support/fixtures";
import { ingestInto } from "./support/hardening";

/**
 * The folder walk of `npm run ingest` meets entries that are not files: each is skipped with a line naming it and
 * why, and the files beside them are ingested. Before, each of them ended the batch with a stack trace.
 */

const ROOT = join(import.meta.dirname, "..");
const seeds = fixtureDirs("seed-").map((dir) => join(dir, "input.txt"));

let dir: string;
let socket: Server | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-walk-"));
});
afterEach(() => {
  socket?.close();
  socket = null;
  if (existsSync(join(dir, "reports", "locked"))) chmodSync(join(dir, "reports", "locked"), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** A folder of two seeds, with each kind of entry that is not a file beside or under them. */
async function hostileFolder(): Promise<string> {
  const folder = join(dir, "reports");
  mkdirSync(join(folder, "sub"), { recursive: true });
  copyFileSync(seeds[0]!, join(folder, "a.txt"));
  copyFileSync(seeds[1]!, join(folder, "sub", "b.txt"));
  symlinkSync("..", join(folder, "sub", "up"));
  symlinkSync("loop-b", join(folder, "loop-a"));
  symlinkSync("loop-a", join(folder, "loop-b"));
  symlinkSync("gone.txt", join(folder, "dangling.txt"));
  expect(spawnSync("mkfifo", [join(folder, "pipe.txt")]).status).toBe(0);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(folder, "socket.txt"), resolve));
  socket = server;
  return folder;
}

describe("the folder walk", () => {
  it("skips a symlink loop, a dangling symlink, a FIFO and a socket, each with its reason, and keeps the files", async () => {
    const folder = await hostileFolder();
    const walked = collectFiles([folder]);
    expect(walked.files).toEqual([join(folder, "a.txt"), join(folder, "sub", "b.txt")]);
    expect(walked.missing).toEqual([]);
    expect(walked.skipped).toEqual([
      { path: join(folder, "dangling.txt"), reason: "dangling symlink (its target does not exist)" },
      { path: join(folder, "loop-a"), reason: "symlink loop" },
      { path: join(folder, "loop-b"), reason: "symlink loop" },
      { path: join(folder, "pipe.txt"), reason: "a FIFO (named pipe), not a file" },
      { path: join(folder, "socket.txt"), reason: "a socket, not a file" },
      { path: join(folder, "sub", "up"), reason: "symlink loop (leads back to a folder above it)" },
    ]);
  });

  it("ingests the rest of the batch, prints a line per skipped entry, lists them in the summary, and exits 0", async () => {
    const folder = await hostileFolder();
    const run = await ingestInto(join(dir, "db", "n.db"), [folder]);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ files: 2, ingested: 2, failed: [] });
    expect(run.summary.skipped.map((s) => s.path.slice(folder.length + 1))).toEqual(["dangling.txt", "loop-a", "loop-b", "pipe.txt", "socket.txt", "sub/up"]);
    expect(run.stderr).toContain(`skipped ${join(folder, "pipe.txt")}: a FIFO (named pipe), not a file\n`);
    expect(run.stderr).toContain(`skipped ${join(folder, "sub", "up")}: symlink loop (leads back to a folder above it)\n`);
  });

  it("skips a subfolder it may not list and ingests the rest (exit 0: no file failed)", () => {
    const folder = join(dir, "reports");
    mkdirSync(join(folder, "locked"), { recursive: true });
    copyFileSync(seeds[0]!, join(folder, "a.txt"));
    copyFileSync(seeds[1]!, join(folder, "locked", "b.txt"));
    const run = () => {
      // Root may list any folder: the CLI runs as nobody there, for whom the mode counts.
      const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      if (asNobody.uid !== undefined) for (const path of [dir, folder, join(folder, "a.txt")]) chownSync(path, 65534, 65534);
      chmodSync(join(folder, "locked"), 0o000);
      const args = ["--import", "tsx", "scripts/ingest.ts", "--jobs", "1", "--db", join(dir, "db", "n.db"), folder];
      return spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", ...asNobody });
    };
    const first = run();
    expect(first.stderr).toContain(`skipped ${join(folder, "locked")}: permission denied: the folder cannot be listed\n`);
    expect(first.stdout).toMatch(/ {2}ingested {2}1\n/);
    expect(first.stdout).toContain(`  skipped   1 (not read: not a file, or unreadable)\n              ${join(folder, "locked")}: permission denied`);
    expect(first.status).toBe(0);
  }, 60_000);
});
