import { NextResponse, type NextRequest } from "next/server";
import { methodNotAllowed, newNonce, pagePolicy } from "./lib/web/security";

/**
 * Every page request gets a fresh CSP nonce. The policy goes on the request too: Next.js reads the nonce there
 * while rendering and puts it on its scripts (all pages are rendered per request, so each has its own).
 * Pages are only read: any other method is refused here, before Next.js renders the page for it.
 */
export function proxy(request: NextRequest) {
  const refused = methodNotAllowed(request.method);
  if (refused) return refused;
  // Router prefetches fetch RSC payloads, not HTML pages: they need no policy.
  if (request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch") return NextResponse.next();
  const policy = pagePolicy(newNonce(), process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: the data routes (api, sources) carry their own policy from next.config.mjs, static files need none.
  // Prefetches are matched too, so that a POST with a prefetch header is refused like any other.
  matcher: ["/((?!api/|sources/|_next/static|_next/image|favicon\\.svg).*)"],
};
