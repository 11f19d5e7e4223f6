/** Runs once as `next start` prepares, before any request is served. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { Server } = await import("node:http");
  const { refuseFetchForbiddenMethods } = await import("./lib/web/http-guard");
  refuseFetchForbiddenMethods(Server.prototype);
}
