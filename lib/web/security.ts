/**
 * The HTTP security headers of the dashboard. Pages get a Content-Security-Policy with a fresh nonce per request
 * (proxy.ts): Next.js reads the nonce from the request's policy and puts it on its own scripts, so no script
 * without it runs, inline or injected. The other headers are the same on every response (next.config.mjs).
 */

import { DATA_POLICY, SECURITY_HEADERS } from "./security-headers.mjs";

/** A nonce of 128 random bits, base64 (the characters a CSP nonce-source allows). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The policy of a page. Scripts: only those carrying the nonce, and what they load ('strict-dynamic', for the
 * chart chunks fetched after hydration). Styles: the stylesheet and nonced <style> elements; style *attributes*
 * stay allowed (style-src-attr), since a chart figure's height is server-rendered as one and recharts draws
 * with them. Nothing is framed, posted or loaded from another origin.
 */
export function pagePolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// The constant headers live in plain JavaScript: next.config.mjs reads them too (see there).
export { DATA_POLICY, SECURITY_HEADERS } from "./security-headers.mjs";

/** The methods a page answers; the data routes declare their own (a route exporting only GET answers 405 to others). */
export const PAGE_METHODS = ["GET", "HEAD"] as const;

/** The headers and body of a 405: an Allow header, the security headers and the data policy. */
export function notAllowedAnswer(): { headers: [string, string][]; body: string } {
  return {
    headers: [
      ["Allow", PAGE_METHODS.join(", ")],
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Security-Policy", DATA_POLICY],
      ["Cache-Control", "no-store"],
      ...SECURITY_HEADERS.map(({ key, value }): [string, string] => [key, value]),
    ],
    body: "405 method not allowed: pages answer only GET and HEAD\n",
  };
}

/**
 * The answer to a page request with any other method (POST, PUT, DELETE, PATCH, OPTIONS, …), or null for GET and
 * HEAD. The proxy's own answer does not get the headers next.config.mjs adds, so it carries them itself.
 */
export function methodNotAllowed(method: string): Response | null {
  if ((PAGE_METHODS as readonly string[]).includes(method.toUpperCase())) return null;
  const { headers, body } = notAllowedAnswer();
  return new Response(body, { status: 405, headers });
}
