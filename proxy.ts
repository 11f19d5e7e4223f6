import { NextResponse, type NextRequest } from "next/server";
import { unreachableWebServer } from "./db/database-url";
import { methodNotAllowed, newNonce, pagePolicy } from "./lib/web/security";
import { unreachablePageResponse } from "./lib/web/unreachable";

/**
 * Every page request gets a fresh CSP nonce. The policy goes on the request too: Next.js reads the nonce there
 * while rendering and puts it on its scripts (all pages are rendered per request, so each has its own).
 * Pages are only read: any other method is refused here, before Next.js renders the page for it. While DATABASE_URL
 * names a PostgreSQL server that does not answer, a page is answered 503 with a page naming it (db/database-url.ts
 * connects at most once a second to know): Next.js renders a page with status 200 or, on an error, 500, never 503.
 */
export async function proxy(request: NextRequest) {
  const refused = methodNotAllowed(request.method);
  if (refused) return refused;
  const unreachable = await unreachableWebServer();
  if (unreachable) return unreachablePageResponse(unreachable);
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
