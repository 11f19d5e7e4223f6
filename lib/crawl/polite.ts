import { FetchError, type HttpLimits, type HttpResponse, httpGet } from "./http";
import { Robots } from "./robots";

/**
 * The crawler's only way to the network, polite by construction: robots.txt read once per site and obeyed (its
 * Crawl-delay included), one request at a time per host with at least `delayMs` between the end of one and the start
 * of the next, 429 and 5xx answered by waiting (Retry-After when given, else a doubling backoff) and trying again a
 * few times, redirects followed only within the allowed hosts and a bound, and one User-Agent naming the project.
 */

export type PoliteOptions = {
  userAgent: string;
  /** The robots.txt token: the product name at the start of the User-Agent. */
  robotsAgent: string;
  delayMs: number;
  /** Tries of one URL answered 429, 5xx or broken off before it is reported failed. */
  maxTries: number;
  /** The first wait after a failed try without Retry-After; doubled each time. */
  backoffMs: number;
  /** A Retry-After longer than this is not waited for: the URL is reported failed. */
  maxRetryAfterMs: number;
  maxRedirects: number;
  limits: HttpLimits;
  /** Whether a redirect may lead to this host (the crawl's own sites). */
  allowsHost: (host: string) => boolean;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
};

export type Conditional = { etag?: string | null; lastModified?: string | null };

export type Fetched = {
  ok: true;
  /** 200…299, or 304 when a conditional request was answered "not modified" (then `body` is empty). */
  status: number;
  /** The URL answered, after redirects. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
};
/** Not fetched: why; `disallowed` when robots.txt forbids the URL (no request was sent). */
export type NotFetched = { ok: false; reason: string; status?: number; disallowed?: true };

type Host = { robots: Promise<Robots> | null; gate: Promise<void>; last: number; notBefore: number };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Seconds or an HTTP date, as milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export class PoliteClient {
  private readonly hosts = new Map<string, Host>();
  /** Requests sent (robots.txt included) and how many were answered 304. */
  readonly counts = { requests: 0, notModified: 0 };

  constructor(private readonly options: PoliteOptions) {}

  private host(origin: string): Host {
    let host = this.hosts.get(origin);
    if (!host) {
      host = { robots: null, gate: Promise.resolve(), last: Number.NEGATIVE_INFINITY, notBefore: 0 };
      this.hosts.set(origin, host);
    }
    return host;
  }

  /** The robots.txt of the URL's site, fetched the first time the site is asked for. */
  robots(url: URL): Promise<Robots> {
    const host = this.host(url.origin);
    host.robots ??= this.fetchRobots(url);
    return host.robots;
  }

  private async fetchRobots(url: URL): Promise<Robots> {
    const robotsUrl = new URL("/robots.txt", url.origin);
    try {
      const response = await this.send(robotsUrl, {}, Number.NEGATIVE_INFINITY);
      if (response.status >= 200 && response.status < 300) return Robots.parse(response.body.toString("utf8"), this.options.robotsAgent);
      if (response.status >= 500) return Robots.disallowAll(`robots.txt answered HTTP ${response.status}: the site is not crawled`);
      return Robots.allowAll();
    } catch (error) {
      const reason = error instanceof FetchError ? error.reason : String(error);
      return Robots.disallowAll(`robots.txt could not be read (${reason}): the site is not crawled`);
    }
  }

  /** One request through the host's gate: after the previous one to the host and the delay, never two at once. */
  private send(url: URL, headers: Record<string, string>, crawlDelayMs: number): Promise<HttpResponse> {
    const host = this.host(url.origin);
    const { delayMs, now, sleep, limits, userAgent } = this.options;
    const run = host.gate.then(async () => {
      const gap = Math.max(delayMs, crawlDelayMs);
      const wait = Math.max(host.last + gap, host.notBefore) - now();
      if (wait > 0) await sleep(wait);
      this.counts.requests++;
      try {
        return await httpGet(
          url,
          { "user-agent": userAgent, accept: "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8", "accept-language": "zh-CN,zh;q=0.9", ...headers },
          limits,
        );
      } finally {
        host.last = now();
      }
    });
    host.gate = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * GETs `url` politely: refused without a request when robots.txt disallows it or a redirect leaves the allowed
   * hosts; a 304 to a conditional request is a success with an empty body.
   */
  async get(url: string, conditional: Conditional = {}): Promise<Fetched | NotFetched> {
    let current = new URL(url);
    const visited = new Set<string>([current.href]);
    for (let redirects = 0; ; redirects++) {
      const robots = await this.robots(current);
      if (robots.reason) return { ok: false, reason: robots.reason };
      if (!robots.allows(current)) return { ok: false, reason: "disallowed by robots.txt", disallowed: true };
      const headers: Record<string, string> = {};
      if (conditional.etag) headers["if-none-match"] = conditional.etag;
      if (conditional.lastModified) headers["if-modified-since"] = conditional.lastModified;
      const answer = await this.tries(current, headers, (robots.crawlDelay ?? 0) * 1000);
      if (!answer.ok) return answer;
      const { status } = answer.response;
      if (REDIRECTS.has(status)) {
        const location = answer.response.headers.location;
        if (!location) return { ok: false, reason: `HTTP ${status} without a Location`, status };
        const next = new URL(location, current);
        if (next.protocol !== "http:" && next.protocol !== "https:") return { ok: false, reason: `redirected to ${next.protocol} (not followed)`, status };
        if (!this.options.allowsHost(next.host)) return { ok: false, reason: `redirected off the site to ${next.host} (not followed)`, status };
        if (visited.has(next.href)) return { ok: false, reason: `redirect loop (${next.href} again)`, status };
        if (redirects >= this.options.maxRedirects) return { ok: false, reason: `more than ${this.options.maxRedirects} redirects`, status };
        visited.add(next.href);
        current = next;
        continue;
      }
      if (status === 304) {
        this.counts.notModified++;
        return { ok: true, status, url: current.href, headers: answer.response.headers, body: Buffer.alloc(0) };
      }
      if (status >= 200 && status < 300) return { ok: true, status, url: current.href, headers: answer.response.headers, body: answer.response.body };
      return { ok: false, reason: `HTTP ${status}${statusText(status)}`, status };
    }
  }

  /** One URL tried until it is answered with anything but 429/5xx, or the tries are spent. */
  private async tries(url: URL, headers: Record<string, string>, crawlDelayMs: number): Promise<{ ok: true; response: HttpResponse } | NotFetched> {
    const { maxTries, backoffMs, maxRetryAfterMs, now } = this.options;
    let last = "";
    let lastStatus: number | undefined;
    for (let attempt = 1; attempt <= maxTries; attempt++) {
      let wait: number | null = null;
      try {
        const response = await this.send(url, headers, crawlDelayMs);
        if (response.status !== 429 && response.status < 500) return { ok: true, response };
        last = `HTTP ${response.status}${statusText(response.status)}`;
        lastStatus = response.status;
        wait = retryAfterMs(response.headers["retry-after"], now());
        if (wait !== null && wait > maxRetryAfterMs)
          return {
            ok: false,
            reason: `${last}: asked to retry after ${Math.round(wait / 1000)} s, more than the ${maxRetryAfterMs / 1000} s limit`,
            status: lastStatus,
          };
      } catch (error) {
        if (!(error instanceof FetchError)) throw error;
        if (!error.transient) return { ok: false, reason: error.reason };
        last = error.reason;
        lastStatus = undefined;
      }
      if (attempt < maxTries) {
        // The whole host waits: a site that says it is busy gets no other request meanwhile.
        const host = this.host(url.origin);
        host.notBefore = Math.max(host.notBefore, now() + (wait ?? backoffMs * 2 ** (attempt - 1)));
      }
    }
    return { ok: false, reason: `${last} (tried ${maxTries} times)`, ...(lastStatus === undefined ? {} : { status: lastStatus }) };
  }
}

const STATUS_TEXT: Record<number, string> = {
  403: "Forbidden",
  404: "Not Found",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function statusText(status: number): string {
  const text = STATUS_TEXT[status];
  return text ? ` ${text}` : "";
}
