import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The HTTP side of the benchmark: `next build`, `next start` on loopback against a database, timed requests,
 * the server's memory, the first-load JavaScript of a page, and a bounded load test.
 */

const ROOT = join(import.meta.dirname, "..");
const NEXT = join(ROOT, "node_modules", "next", "dist", "bin", "next");
const NEXT_ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** `next build`, with the flags of NIANBAO_NEXT_BUILD_ARGS (`--webpack` in a worktree, as for the browser tests). */
export function nextBuild(): void {
  const extra = process.env.NIANBAO_NEXT_BUILD_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const build = spawnSync(process.execPath, [NEXT, "build", ...extra], { cwd: ROOT, env: NEXT_ENV, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
}

export const hasBuild = () => existsSync(join(ROOT, ".next", "BUILD_ID"));

/** A TCP port free on 127.0.0.1 now (the benchmark's and the browser tests' servers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type Server = { url: string; pid: number; stop: () => Promise<void> };

/**
 * The Node.js flags of `npm start` (package.json's start script: `node FLAGS node_modules/next/dist/bin/next
 * start`), so that the benchmark measures the server as it is deployed, with its heap limit.
 */
export function startScriptFlags(script = packageScripts().start ?? ""): string[] {
  const match = /^node((?:\s+--\S+)*)\s+node_modules\/next\/dist\/bin\/next start$/.exec(script);
  if (!match) throw new Error(`package.json's start script is not "node [flags] node_modules/next/dist/bin/next start": ${script}`);
  return match[1]!.split(/\s+/).filter(Boolean);
}

const packageScripts = () => (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** `next start` on the SQLite file `database`, or on the PostgreSQL database `databaseUrl` when given. */
export async function startNext(database: string, databaseUrl?: string): Promise<Server> {
  const port = await freePort();
  // An inherited DATABASE_URL would turn a SQLite run into a PostgreSQL one.
  const env: NodeJS.ProcessEnv = { ...NEXT_ENV, DATABASE_URL: databaseUrl };
  if (!databaseUrl) delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [...startScriptFlags(), NEXT, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...env, NIANBAO_DB: database },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      // A server killed by a signal has a signalCode and no exitCode: waiting for its exit would never end.
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  for (let attempt = 0; attempt < 300; attempt++) {
    // /api/x.json is a 404 that touches no data: the server is up without warming any page.
    if (await reachable(`${url}/api/none.json`)) return { url, pid: child.pid!, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`next start did not answer on ${url}`);
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

export type Timed = { status: number; ms: number; bytes: number; error?: string; retried?: boolean };

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * One GET through `agent`, timed to its last byte; the body is counted and dropped. A request reset on a
 * reused keep-alive connection before any answer is sent once more, as browsers do (RFC 9112 §9.3.1): a busy
 * server closes an idle connection when its keep-alive timer fires before it reads the request already sent.
 */
export async function timedGet(url: string, agent: Agent): Promise<Timed> {
  const started = performance.now();
  const first = await getOnce(url, agent);
  if (!first.resetOnReuse) return { ...first.timed, ms: performance.now() - started };
  const again = await getOnce(url, agent);
  return { ...again.timed, ms: performance.now() - started, retried: true };
}

function getOnce(url: string, agent: Agent): Promise<{ timed: Timed; resetOnReuse: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    let answered = false;
    const req = request(url, { agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      answered = true;
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ timed: { status: res.statusCode ?? 0, ms: performance.now() - started, bytes }, resetOnReuse: false }));
      res.on("error", (error) => resolve({ timed: { status: 0, ms: performance.now() - started, bytes, error: error.message }, resetOnReuse: false }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const resetOnReuse = !answered && req.reusedSocket && error.code === "ECONNRESET";
      resolve({ timed: { status: 0, ms: performance.now() - started, bytes: 0, error: error.message }, resetOnReuse });
    });
    req.end();
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export type RouteTiming = { p50: number; p95: number; max: number; requests: number; failed: number; firstMs: number };

/** Each URL requested once in turn (after one unmeasured round), `rounds` times over: sequential, as one user. */
export async function timeRoute(urls: string[], rounds: number, agent: Agent): Promise<RouteTiming> {
  const first = await timedGet(urls[0]!, agent);
  for (const url of urls.slice(1)) await timedGet(url, agent);
  const times: number[] = [];
  let failed = first.status === 200 ? 0 : 1;
  for (let round = 0; round < rounds; round++) {
    for (const url of urls) {
      const timed = await timedGet(url, agent);
      if (timed.status !== 200) failed++;
      times.push(timed.ms);
    }
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), requests: times.length, failed, firstMs: first.ms };
}

// ── Memory of the server process (and any children it started) ────────────────────────────────────────────

function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) kids.push(Number(name), ...childrenOf(Number(name)));
    } catch {
      // the process ended while we looked
    }
  }
  return kids;
}

const tree = (pid: number) => [pid, ...childrenOf(pid)];

function statusKb(pid: number, field: "VmHWM" | "VmRSS" | "RssAnon" | "RssFile"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : 0;
}

/** Resets the peak resident set of the server's processes (Linux: 5 > clear_refs). */
export function resetPeakRss(pid: number): void {
  for (const p of tree(pid)) writeFileSync(`/proc/${p}/clear_refs`, "5");
}

export function peakRssMb(pid: number): number {
  return tree(pid).reduce((sum, p) => sum + statusKb(p, "VmHWM"), 0) / 1024;
}

/**
 * The resident set now, in its two parts: anonymous memory (the JavaScript heap, native allocations) and pages of
 * mapped files (the node binary, native addons; a database file only if SQLite maps it, which mmap_size 0 does not).
 */
export function residentMb(pid: number): { anon: number; file: number } {
  const sum = (field: "RssAnon" | "RssFile") => tree(pid).reduce((total, p) => total + statusKb(p, field), 0) / 1024;
  return { anon: sum("RssAnon"), file: sum("RssFile") };
}

// ── First-load JavaScript ──────────────────────────────────────────────────────────────────────────────────

/**
 * Every script the page's HTML loads in a current browser (nomodule polyfills left out), each gzipped
 * (level 9, like a CDN), summed.
 */
export async function firstLoadJs(pageUrl: string): Promise<{ gzipBytes: number; scripts: number }> {
  const html = await (await fetch(pageUrl)).text();
  const tags = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\snomodule/i.test(tag));
  const sources = [...new Set(tags.flatMap((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1] ?? []))];
  let gzipBytes = 0;
  for (const src of sources) {
    const body = new Uint8Array(await (await fetch(new URL(src.replace(/&amp;/g, "&"), pageUrl))).arrayBuffer());
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { gzipBytes, scripts: sources.length };
}

// ── Load test ──────────────────────────────────────────────────────────────────────────────────────────────

export type LoadRoute = { name: string; urls: string[]; requests: number };
export type LoadResult = { name: string; requests: number; errors: number; retried: number; p50: number; p99: number; max: number; firstError: string | null };

/**
 * A fixed number of requests per route, shuffled together and sent over `connections` concurrent keep-alive
 * connections; bounded: each request times out, and nothing new starts after `deadlineMs`.
 */
export async function loadTest(
  base: string,
  routes: LoadRoute[],
  connections: number,
  deadlineMs: number,
): Promise<{ results: LoadResult[]; seconds: number; unsent: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const jobs = routes.flatMap((route) =>
    Array.from({ length: route.requests }, (_, i) => ({ route: route.name, url: base + route.urls[i % route.urls.length]! })),
  );
  // A fixed interleaving (a linear congruential step), so every run sends the same sequence.
  const order = jobs
    .map((job, i) => ({ job, key: (i * 2654435761) % 4294967296 }))
    .sort((a, b) => a.key - b.key)
    .map((j) => j.job);
  const timings = new Map<string, { ms: number[]; errors: number; retried: number; firstError: string | null }>(
    routes.map((r) => [r.name, { ms: [], errors: 0, retried: 0, firstError: null }]),
  );
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < order.length && performance.now() - started < deadlineMs) {
      const job = order[next++]!;
      const timed = await timedGet(job.url, agent);
      const entry = timings.get(job.route)!;
      entry.ms.push(timed.ms);
      if (timed.retried) entry.retried++;
      if (timed.status !== 200 || timed.error) {
        entry.errors++;
        entry.firstError ??= `${timed.error ?? `status ${timed.status}`} on ${job.url.slice(base.length)} after ${Math.round(timed.ms)} ms`;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  const results = routes.map((route): LoadResult => {
    const { ms, errors, retried, firstError } = timings.get(route.name)!;
    return { name: route.name, requests: ms.length, errors, retried, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms), firstError };
  });
  return { results, seconds: (performance.now() - started) / 1000, unsent: order.length - next };
}
