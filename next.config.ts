import type { NextConfig } from "next";
import { DATA_POLICY, SECURITY_HEADERS } from "./lib/web/security";

const nextConfig: NextConfig = {
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
