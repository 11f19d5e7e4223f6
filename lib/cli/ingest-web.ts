import { Crawler, type CrawlStats } from "../crawl/crawl";
import { PoliteClient } from "../crawl/polite";
import { badContact, ROBOTS_AGENT, userAgent } from "../crawl/user-agent";
import type { IngestTarget } from "../pipeline/ingest";
import { ReaderPool, type JobLimits } from "../pipeline/pool";
import type { WriteStore } from "../store/write-store";
import type { IngestIo, IngestSummary, Outcome } from "./ingest";

/**
 * `npm run ingest -- URL…`: the addresses among the arguments crawled politely (lib/crawl/) and their documents put
 * through the same pipeline, progress and summary as files.
 */

/** The options of ingest that concern URLs, in node:util parseArgs' form. */
export const WEB_OPTIONS = {
  delay: { type: "string" },
  "allow-host": { type: "string", multiple: true },
  "max-pages": { type: "string" },
  tries: { type: "string" },
  "connect-timeout": { type: "string" },
  timeout: { type: "string" },
  "max-redirects": { type: "string" },
  "max-retry-after": { type: "string" },
  contact: { type: "string" },
} as const;

export const WEB_HELP = `
Addresses (http:// or https://), mixed freely with files and folders:
  a column's list page    its pages followed (index_1.html links, createPageHTML(n, …) scripts, ?page=N), and each
                          entry titled as an annual report (年度报告/年报/工作报告 with a year) read
  a report's page         the report read from the page body, else from its PDF/DOC/DOCX/WPS attachments or iframe
  a document's address    a PDF, DOC, DOCX, WPS, HTML or text file stored as it is
Only the sites of the addresses given are crawled. robots.txt and its Crawl-delay are obeyed; one request at a time
per host. What was crawled is kept in the database: a rerun asks for the list pages conditionally (ETag,
Last-Modified), fetches only entries not finished before, and a crawl killed midway resumes.

  --delay SECONDS           at least this long between two requests to one host (default 1; a longer Crawl-delay wins)
  --allow-host HOST         also follow links and redirects to HOST (repeatable; default: the given addresses' hosts)
  --max-pages N             list pages read per column (default 50)
  --tries N                 tries of a URL answered 429, 5xx or broken off, before it is reported failed (default 3)
  --connect-timeout SECONDS time to connect (default 10)
  --timeout SECONDS         time for a whole answer, headers and body (default 60)
  --max-redirects N         redirects followed per URL, within the allowed hosts (default 5)
  --max-retry-after SECONDS a longer Retry-After is not waited for: the URL is reported failed (default 120)
  --contact ADDRESS         the web page or mail address the User-Agent gives sites, to read about the crawl or reach
                            whoever runs it (default $NIANBAO_CRAWL_CONTACT; none: the User-Agent names the project only)
Downloads are refused beyond --max-file-mb, as files are.
`;

export type WebOptions = {
  delayMs: number;
  allowHosts: string[];
  maxListPages: number;
  tries: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxRedirects: number;
  maxRetryAfterMs: number;
  /** Named in the User-Agent (--contact, else $NIANBAO_CRAWL_CONTACT), or null. */
  contact: string | null;
};

type Values = { [K in keyof typeof WEB_OPTIONS]?: (typeof WEB_OPTIONS)[K] extends { multiple: true } ? string[] : string };

function number(value: string | undefined, fallback: number, name: string, whole: boolean, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n)) || value.trim() === "")
    throw new Error(`--${name} must be ${whole ? "a whole number" : "a number"} of at least ${min}, not ${value}`);
  return n;
}

/** The URL options read, or the error saying which is wrong. */
export function readWebOptions(values: Values, env: Record<string, string | undefined> = process.env): WebOptions | string {
  const contact = values.contact ?? env.NIANBAO_CRAWL_CONTACT ?? null;
  const bad = contact === null ? null : badContact(contact);
  if (bad) return bad;
  try {
    return {
      delayMs: number(values.delay, 1, "delay", false, 0) * 1000,
      allowHosts: (values["allow-host"] ?? []).map((h) => h.trim().toLowerCase()),
      maxListPages: number(values["max-pages"], 50, "max-pages", true, 1),
      tries: number(values.tries, 3, "tries", true, 1),
      connectTimeoutMs: number(values["connect-timeout"], 10, "connect-timeout", false, 0.001) * 1000,
      totalTimeoutMs: number(values.timeout, 60, "timeout", false, 0.001) * 1000,
      maxRedirects: number(values["max-redirects"], 5, "max-redirects", true, 0),
      maxRetryAfterMs: number(values["max-retry-after"], 120, "max-retry-after", false, 0) * 1000,
      contact,
    };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function isUrl(argument: string): boolean {
  return /^https?:\/\//i.test(argument);
}

/** Why an address cannot be crawled, or null. */
export function badUrlReason(argument: string): string | null {
  try {
    new URL(argument);
    return null;
  } catch {
    return `not a valid address: ${argument}`;
  }
}

export type WebRun = {
  store: WriteStore;
  urls: string[];
  options: WebOptions;
  jobs: number;
  limits: JobLimits;
  io: IngestIo;
  summary: IngestSummary;
  /** The CLI's progress and tally for one outcome. */
  finish: (url: string, outcome: Outcome) => void;
  grow: (count: number) => void;
  skip: (url: string, reason: string) => void;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Crawls the URLs into the open Store; the outcomes go to `finish`, the crawl's counts are returned. */
export async function ingestUrls(run: WebRun): Promise<CrawlStats> {
  const { options, limits } = run;
  const hosts = new Set([...run.urls.map((u) => new URL(u).host.toLowerCase()), ...options.allowHosts]);
  const allowsHost = (host: string) => hosts.has(host.toLowerCase());
  const client = new PoliteClient({
    userAgent: userAgent(options.contact),
    robotsAgent: ROBOTS_AGENT,
    delayMs: options.delayMs,
    maxTries: options.tries,
    backoffMs: Math.max(options.delayMs, 1000),
    maxRetryAfterMs: options.maxRetryAfterMs,
    maxRedirects: options.maxRedirects,
    limits: { connectTimeoutMs: options.connectTimeoutMs, totalTimeoutMs: options.totalTimeoutMs, maxBytes: Math.floor(limits.maxFileMb * 1024 * 1024) },
    allowsHost,
    sleep,
    now: () => performance.now(),
  });
  // Documents come one at a time (one request per host at a time); one reader process is enough.
  const pool = new ReaderPool(1, limits);
  const target: IngestTarget = { store: run.store, pool, now: run.io.now };
  const crawler = new Crawler(
    target,
    client,
    { maxListPages: options.maxListPages, allowsHost },
    {
      found: run.grow,
      done: run.finish,
      skipped: run.skip,
    },
  );
  try {
    return await crawler.run(run.urls);
  } finally {
    await pool.close();
  }
}

export function formatWebStats(stats: CrawlStats): string {
  return `  web       ${stats.listPages} list pages read (${stats.notModified} answered 304 Not Modified), ${stats.unchanged} entries finished before (not fetched again), ${stats.requests} requests\n`;
}
