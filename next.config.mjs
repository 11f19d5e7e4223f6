// JavaScript, not TypeScript: on Node 20 `next start` compiles a next.config.ts with SWC, and its native binding
// then stays loaded in the web server (28 MB more resident, for a file read once).
import { DATA_POLICY, SECURITY_HEADERS } from "./lib/web/security-headers.mjs";

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native and PDF modules stay out of the server bundle and load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "pdf-parse", "mammoth"],
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: DATA_POLICY }] },
    ];
  },
};

export default nextConfig;
