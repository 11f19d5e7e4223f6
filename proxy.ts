import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pagePolicy } from "./lib/web/security";

/**
 * Every page request gets a fresh CSP nonce. The policy goes on the request too: Next.js reads the nonce there
 * while rendering and puts it on its scripts (all pages are rendered per request, so each has its own).
 */
export function proxy(request: NextRequest) {
  const policy = pagePolicy(newNonce(), process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: the data routes (api, sources) carry their own policy from next.config.ts, static files need none.
  matcher: [
    {
      source: "/((?!api/|sources/|_next/static|_next/image|favicon\\.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
