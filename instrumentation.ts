/**
 * Runs once as `next start` prepares, before any request is served. Next.js compiles this file for the Edge
 * runtime too: the Node.js part is imported only under `NEXT_RUNTIME === "nodejs"`, which the build replaces
 * by a constant, so the Edge build drops that import (and its `node:http`).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
