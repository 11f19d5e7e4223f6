import { sha256 } from "../ingest/hash";
import { type HttpFacts, ingest, type IngestOutcome, type IngestTarget, type Provenance, provenanceRow } from "../pipeline/ingest";
import type { CrawlLink, CrawlPage } from "../store/crawl-types";
import { decodePage, isAnnualReportTitle, isHtmlPage, looksLikeList, pageLinks, type PageLinks } from "./page";
import type { Fetched, NotFetched, PoliteClient } from "./polite";

/**
 * The crawl: from the URLs a user gives (a column's list page, a report's page, a document's address) to documents
 * put through the one ingest pipeline (lib/pipeline/ingest.ts), with the crawl's state kept in the database
 * (db/crawl.ts) so that a rerun sends conditional requests for the list pages, fetches only entries it has not
 * finished, and a crawl killed midway resumes where it stopped.
 */

/** What became of one URL: the pipeline's outcome, or why nothing was read. */
export type UrlOutcome = IngestOutcome | { status: "failed"; reason: string };

export type CrawlEvents = {
  /** More documents to come (the progress bar's total grows). */
  found: (count: number) => void;
  /** One URL finished: a document stored, present or refused, or a URL that could not be read. */
  done: (url: string, outcome: UrlOutcome) => void;
  /** A link not followed, with why (another site). */
  skipped: (url: string, reason: string) => void;
};

export type CrawlStats = {
  /** List pages fetched, and of them answered 304 Not Modified. */
  listPages: number;
  notModified: number;
  /** Entries finished by an earlier run, not fetched again. */
  unchanged: number;
  /** Requests sent (robots.txt, retries and redirects included). */
  requests: number;
};

export type CrawlOptions = { maxListPages: number; allowsHost: (host: string) => boolean };

type Context = { listUrl?: string; columnUrl?: string; pageUrl?: string };

/** The file name a URL's document is stored under: the last part of its path, else index.html. */
export function nameOf(url: string): string {
  const last = new URL(url).pathname.split("/").pop() ?? "";
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {}
  return name || "index.html";
}

/** A folder's URL and its `index.html` are one page (a TRS pager names the folder's first page index.html). */
export function samePage(url: string): string {
  return url.replace(/\/index\.s?html?$/i, "/");
}

function httpFacts(response: Fetched): HttpFacts {
  const { etag, "last-modified": lastModified } = response.headers;
  return { status: response.status, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

export class Crawler {
  readonly stats: CrawlStats = { listPages: 0, notModified: 0, unchanged: 0, requests: 0 };

  constructor(
    private readonly target: IngestTarget,
    private readonly client: PoliteClient,
    private readonly options: CrawlOptions,
    private readonly events: CrawlEvents,
  ) {}

  async run(urls: string[]): Promise<CrawlStats> {
    for (const url of urls) await this.start(url);
    this.stats.requests = this.client.counts.requests;
    return this.stats;
  }

  private conditional(known: CrawlPage | null) {
    return known?.state === "done" ? { etag: known.etag, lastModified: known.lastModified } : {};
  }

  /** Records a fetched URL's HTTP facts with its state. */
  private async record(url: string, kind: CrawlPage["kind"], response: Fetched, set: Partial<CrawlPage>): Promise<void> {
    await this.target.store.saveCrawlPage({
      url,
      kind,
      httpStatus: response.status,
      etag: response.headers.etag ?? null,
      lastModified: response.headers["last-modified"] ?? null,
      contentType: response.headers["content-type"] ?? null,
      sha256: sha256(response.body),
      fetchedAt: this.target.now().toISOString(),
      reason: null,
      state: "done",
      ...set,
    });
  }

  /** A URL not read: failed (fetched again next time), or skipped when robots.txt disallows it (asked again next time). */
  private async fail(url: string, kind: CrawlPage["kind"], response: NotFetched, context: Context = {}): Promise<void> {
    if (response.disallowed) {
      this.events.found(-1);
      this.events.skipped(url, response.reason);
      return;
    }
    await this.target.store.saveCrawlPage({ url, kind, state: "failed", reason: response.reason, columnUrl: context.columnUrl ?? null });
    this.events.done(url, { status: "failed", reason: response.reason });
  }

  /** A URL the user gave: what it is is decided by what it answers. */
  private async start(url: string): Promise<void> {
    const known = await this.target.store.crawlPage(url);
    this.events.found(1);
    const response = await this.client.get(url, this.conditional(known));
    if (!response.ok) return this.fail(url, known?.kind ?? "entry", response);
    if (response.status === 304 && known) {
      this.events.found(-1);
      if (known.kind === "list") return this.list(url, null);
      this.stats.unchanged++;
      return;
    }
    if (!isHtmlPage(response.body, response.headers["content-type"])) return this.document(url, response, { columnUrl: undefined });
    const links = pageLinks(decodePage(response.body, response.headers["content-type"]), response.url);
    if (!looksLikeList(links)) return this.entry(url, response, links, {});
    this.events.found(-1);
    return this.list(url, { response, links });
  }

  /** The links of a list page to keep: further pages, then entries (pages or documents titled as annual reports). */
  private listLinks(links: PageLinks): CrawlLink[] {
    return [
      ...links.pages.map((toUrl) => ({ toUrl, kind: "list" as const, title: null })),
      ...links.entries.map(({ url, title }) => ({ toUrl: url, kind: "entry" as const, title })),
      ...links.documents.filter((d) => isAnnualReportTitle(d.title)).map(({ url, title }) => ({ toUrl: url, kind: "document" as const, title })),
    ];
  }

  /**
   * A column: its list pages (the first already fetched, or answered 304 when `first` is null) followed through
   * their pagination, then every entry not finished before.
   */
  private async list(columnUrl: string, first: { response: Fetched; links: PageLinks } | null): Promise<void> {
    const pages = [columnUrl];
    const queued = new Set(pages.map(samePage));
    const entries: { link: CrawlLink; listUrl: string }[] = [];
    for (let i = 0; i < pages.length && i < this.options.maxListPages; i++) {
      const pageUrl = pages[i]!;
      const links =
        i === 0 && first ? await this.freshList(pageUrl, columnUrl, first.response, first.links) : await this.fetchList(pageUrl, columnUrl, i === 0);
      for (const link of links ?? []) {
        if (link.kind === "list") {
          if (!queued.has(samePage(link.toUrl))) {
            queued.add(samePage(link.toUrl));
            pages.push(link.toUrl);
          }
        } else entries.push({ link, listUrl: pageUrl });
      }
    }
    if (pages.length > this.options.maxListPages)
      this.events.skipped(pages[this.options.maxListPages]!, `list pages after the first ${this.options.maxListPages} not read (--max-pages)`);
    const seen = new Set<string>();
    for (const { link, listUrl } of entries) {
      if (seen.has(link.toUrl)) continue;
      seen.add(link.toUrl);
      const host = new URL(link.toUrl).host;
      if (!this.options.allowsHost(host)) {
        this.events.skipped(link.toUrl, `on another site (${host}): --allow-host ${host} follows it`);
        continue;
      }
      if ((await this.target.store.crawlPage(link.toUrl))?.state === "done") {
        this.stats.unchanged++;
        continue;
      }
      this.events.found(1);
      await this.followEntry(link, { listUrl, columnUrl });
    }
  }

  /** A list page just fetched: its links kept (a later 304 gives them again). */
  private async freshList(pageUrl: string, columnUrl: string, response: Fetched, links: PageLinks): Promise<CrawlLink[]> {
    const kept = this.listLinks(links);
    await this.target.store.replaceLinks(pageUrl, kept);
    await this.record(pageUrl, "list", response, { columnUrl });
    this.stats.listPages++;
    return kept;
  }

  /** A list page fetched (conditionally when read before): its links, fresh or as kept; null when it failed. */
  private async fetchList(pageUrl: string, columnUrl: string, wasAnswered304: boolean): Promise<CrawlLink[] | null> {
    if (wasAnswered304) {
      // The column's first page, answered 304 by start().
      this.stats.listPages++;
      this.stats.notModified++;
      return this.target.store.linksFrom(pageUrl);
    }
    const known = await this.target.store.crawlPage(pageUrl);
    const response = await this.client.get(pageUrl, this.conditional(known));
    if (!response.ok) {
      this.events.found(1);
      await this.fail(pageUrl, "list", response, { columnUrl });
      return null;
    }
    if (response.status === 304) {
      this.stats.listPages++;
      this.stats.notModified++;
      return this.target.store.linksFrom(pageUrl);
    }
    return this.freshList(pageUrl, columnUrl, response, pageLinks(decodePage(response.body, response.headers["content-type"]), response.url));
  }

  /** An entry of a list: its page (or document) fetched, marked pending first so a killed crawl fetches it again. */
  private async followEntry(link: CrawlLink, context: Context): Promise<void> {
    const kind = link.kind === "document" ? "document" : "entry";
    await this.target.store.saveCrawlPage({ url: link.toUrl, kind, state: "pending", columnUrl: context.columnUrl ?? null });
    const response = await this.client.get(link.toUrl);
    if (!response.ok) return this.fail(link.toUrl, kind, response, context);
    if (!isHtmlPage(response.body, response.headers["content-type"])) return this.document(link.toUrl, response, context);
    const links = pageLinks(decodePage(response.body, response.headers["content-type"]), response.url);
    return this.entry(link.toUrl, response, links, context);
  }

  private urlProvenance(response: Fetched, context: Context): Provenance {
    return {
      kind: "url",
      url: response.url,
      fetchedAt: this.target.now(),
      http: httpFacts(response),
      ...(response.headers["content-type"] ? { mediaType: response.headers["content-type"] } : {}),
      ...(context.pageUrl ? { pageUrl: context.pageUrl } : {}),
      ...(context.listUrl ? { listUrl: context.listUrl } : {}),
      ...(context.columnUrl ? { columnUrl: context.columnUrl } : {}),
    };
  }

  /** Bytes through the pipeline; a report stored before from elsewhere learns this URL. */
  private async store(response: Fetched, context: Context): Promise<IngestOutcome> {
    const provenance = this.urlProvenance(response, context);
    const outcome = await ingest(this.target, { bytes: response.body, name: nameOf(response.url), provenance });
    if (outcome.status === "present") await this.target.store.adoptUrlProvenance(outcome.reportId, provenanceRow(provenance, this.target.now().toISOString()));
    return outcome;
  }

  /** A document (PDF, DOC, DOCX, WPS, text): stored as it is. */
  private async document(url: string, response: Fetched, context: Context): Promise<void> {
    const outcome = await this.store(response, context);
    await this.record(url, "document", response, {
      columnUrl: context.columnUrl ?? null,
      reportId: outcome.status === "failed" ? null : outcome.reportId,
      reason: outcome.status === "failed" ? outcome.reason : null,
    });
    this.events.done(url, outcome);
  }

  /**
   * A report's page: the report read from its body; when the body is not a report, from its attachments, then its
   * iframes (on the allowed sites), each stored that is one. The page is finished when it was read, whatever it held;
   * it stays failed (fetched again next time) when an attachment could not be fetched and none was stored.
   */
  private async entry(url: string, response: Fetched, links: PageLinks, context: Context): Promise<void> {
    const body = await this.store(response, context);
    if (body.status !== "failed") {
      await this.record(url, "entry", response, { columnUrl: context.columnUrl ?? null, reportId: body.reportId });
      return this.events.done(url, body);
    }
    const candidates = [...new Set([...links.documents.map((d) => d.url), ...links.iframes])].filter((c) => this.options.allowsHost(new URL(c).host));
    const failures: { url: string; reason: string }[] = [];
    let stored: number | null = null;
    let unreachable = false;
    for (const candidate of candidates) {
      const fetched = await this.client.get(candidate);
      if (!fetched.ok) {
        unreachable ||= !fetched.disallowed;
        failures.push({ url: candidate, reason: fetched.reason });
        continue;
      }
      const outcome = await this.store(fetched, { ...context, pageUrl: response.url });
      if (outcome.status === "failed") {
        failures.push({ url: candidate, reason: outcome.reason });
        continue;
      }
      // The page was counted as one document to come; a second report on it is one more.
      if (stored !== null) this.events.found(1);
      stored ??= outcome.reportId;
      this.events.done(candidate, outcome);
    }
    if (stored !== null) {
      await this.record(url, "entry", response, { columnUrl: context.columnUrl ?? null, reportId: stored });
      return;
    }
    const reason = candidates.length
      ? `no report on the page (${body.reason}) nor in its ${candidates.length} attachment(s): ${failures.map((f) => `${f.url}: ${f.reason}`).join("; ")}`
      : body.reason;
    await this.record(url, "entry", response, { columnUrl: context.columnUrl ?? null, state: unreachable ? "failed" : "done", reason });
    this.events.done(url, { status: "failed", reason });
  }
}
