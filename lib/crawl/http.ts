import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";

/**
 * One HTTP GET under limits: the time to connect, the time for the whole answer (headers and body), and the size of
 * the body (as declared, and as received after decompression). node:http rather than the global fetch, whose
 * connect time cannot be limited without undici's Agent (not importable in Node 20 without installing undici).
 * No redirect is followed here: the polite client (polite.ts) follows them within the site and a bound.
 */

export type HttpLimits = { connectTimeoutMs: number; totalTimeoutMs: number; maxBytes: number };

export type HttpResponse = {
  status: number;
  /** Header names in lower case; repeated headers joined by ", ". */
  headers: Record<string, string>;
  body: Buffer;
  url: string;
};

/** A request that got no usable answer: `reason` says why, in words a user can act on. */
export class FetchError extends Error {
  constructor(
    readonly reason: string,
    /** Whether trying again later may help (a timeout, a reset connection), as it may for a 5xx. */
    readonly transient = true,
  ) {
    super(reason);
    this.name = "FetchError";
  }
}

const MB = 1024 * 1024;

function tooLarge(bytes: number, maxBytes: number): string {
  return `file too large: ${(bytes / MB).toFixed(1)} MB > ${+(maxBytes / MB).toFixed(2)} MB limit`;
}

function decoded(response: IncomingMessage): Readable {
  const encoding = (response.headers["content-encoding"] ?? "").trim().toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return response.pipe(createGunzip());
  if (encoding === "deflate") return response.pipe(createInflate());
  if (encoding === "br") return response.pipe(createBrotliDecompress());
  return response;
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

export function httpGet(url: URL, headers: Record<string, string>, limits: HttpLimits): Promise<HttpResponse> {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (error: Error | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      if (error) {
        reject(error);
        req.destroy();
      } else resolve(response!);
    };
    const req = request(url, { method: "GET", headers: { ...headers, "accept-encoding": "gzip, deflate, br" } });
    timers.push(setTimeout(() => finish(new FetchError(`no complete answer within ${limits.totalTimeoutMs / 1000} s`)), limits.totalTimeoutMs));
    const connectTimer = setTimeout(() => finish(new FetchError(`could not connect within ${limits.connectTimeoutMs / 1000} s`)), limits.connectTimeoutMs);
    timers.push(connectTimer);
    req.on("socket", (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once("connect", () => clearTimeout(connectTimer));
    });
    req.on("error", (error: NodeJS.ErrnoException) => finish(new FetchError(networkReason(error), error.code !== "ENOTFOUND")));
    req.on("response", (response) => {
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limits.maxBytes) return finish(new FetchError(tooLarge(declared, limits.maxBytes), false));
      const body = decoded(response);
      const chunks: Buffer[] = [];
      let length = 0;
      body.on("data", (chunk: Buffer) => {
        length += chunk.length;
        if (length > limits.maxBytes) {
          finish(new FetchError(`file too large: more than ${+(limits.maxBytes / MB).toFixed(2)} MB`, false));
          return body.destroy();
        }
        chunks.push(chunk);
      });
      body.on("error", (error) => finish(new FetchError(`the answer broke off: ${error.message}`)));
      response.on("aborted", () => finish(new FetchError("the answer broke off")));
      body.on("end", () =>
        finish(null, { status: response.statusCode ?? 0, headers: flatHeaders(response), body: Buffer.concat(chunks, length), url: url.href }),
      );
    });
    req.end();
  });
}

function networkReason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
      return "host not found";
    case "ECONNRESET":
      return "connection reset";
    default:
      return error.message;
  }
}
