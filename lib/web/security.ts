/**
 * The HTTP security headers of the dashboard. Pages get a Content-Security-Policy with a fresh nonce per request
 * (proxy.ts): Next.js reads the nonce from the request's policy and puts it on its own scripts, so no script
 * without it runs, inline or injected. The other headers are the same on every response (next.config.ts).
 */

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

/** The policy of data answers (JSON, CSV, zip, a stored source other than a PDF): nothing in them may run. */
export const DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Headers of every response. */
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];
