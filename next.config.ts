import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and PDF modules stay out of the server bundle and load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "pdf-parse", "mammoth"],
};

export default nextConfig;
