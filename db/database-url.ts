/**
 * Whether a --db value or DATABASE_URL names a PostgreSQL database rather than a SQLite file. Kept apart from
 * db/pg/client.ts so that deciding loads no PostgreSQL driver: the web on a SQLite file never loads `pg`.
 */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** A URL with its password (if any) masked, for messages. */
export function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** DATABASE_URL when it names a PostgreSQL database: the web then reads PostgreSQL (db/pg/store.ts). */
export function webDatabaseUrl(): string | null {
  const url = process.env.DATABASE_URL;
  return url && isPostgresUrl(url) ? url : null;
}

/** The host (or Unix-socket folder, given as ?host=/path) and port a PostgreSQL URL names; null if unreadable. */
function serverOf(url: string): { host: string; port: number } | null {
  try {
    // A URL with a user but no host (postgres://me@/db?host=/run/postgresql) is not a WHATWG URL until given one.
    const parsed = new URL(url.replace(/@\//, "@localhost/"));
    return { host: parsed.searchParams.get("host") || parsed.hostname || "localhost", port: Number(parsed.port || 5432) };
  } catch {
    return null;
  }
}

/** The server a PostgreSQL URL names, as messages show it: host:port (5432 unless given), never the user or password. */
export function databaseServer(url: string): string {
  const server = serverOf(url);
  return server ? `${server.host}:${server.port}` : "(an unreadable PostgreSQL URL)";
}

/** Where a connection to the server goes: a TCP host and port, or the Unix socket PostgreSQL listens on in a folder. */
function serverAddress(url: string): { host: string; port: number } | { path: string } {
  const { host, port } = serverOf(url) ?? { host: "localhost", port: 5432 };
  return host.startsWith("/") ? { path: `${host}/.s.PGSQL.${port}` } : { host: host.replace(/^\[(.*)\]$/, "$1"), port };
}

/** The errors of a connection that never reached a server taking queries: refused, no such host, no route, timed out. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "ECONNRESET",
  "EPIPE",
  "ENOENT",
  "57P03",
]);
const UNREACHABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated (unexpectedly|due to connection timeout)/;

/** Whether an error (or one it wraps: drizzle's cause, an AggregateError's errors) says the server could not be reached. */
export function isUnreachable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  if ("code" in error && typeof error.code === "string" && UNREACHABLE_CODES.has(error.code)) return true;
  if (UNREACHABLE_MESSAGES.test(error.message)) return true;
  const inner = error instanceof AggregateError ? error.errors : [];
  return [error.cause, ...inner].some((cause) => isUnreachable(cause, depth + 1));
}

/**
 * Whether the server of a PostgreSQL URL accepts a connection within `timeoutMs`: a TCP (or Unix socket) connect,
 * closed at once, no query. PostgreSQL logs nothing for a connection that sends nothing.
 */
export async function serverAnswers(url: string, timeoutMs: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const socket = connect(serverAddress(url));
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

const PROBE_EVERY_MS = 1_000;
let probed: { url: string; at: number; answers: Promise<boolean> } | null = null;

/**
 * The server of DATABASE_URL when it is PostgreSQL and does not answer, else null (a SQLite file, or a server that
 * answers). Asked by proxy.ts for every page, so it connects at most once a second per process and reuses the verdict.
 */
export async function unreachableWebServer(timeoutMs = 2_000): Promise<string | null> {
  const url = webDatabaseUrl();
  if (!url) return null;
  const now = Date.now();
  if (probed?.url !== url || now - probed.at >= PROBE_EVERY_MS) probed = { url, at: now, answers: serverAnswers(url, timeoutMs) };
  return (await probed.answers) ? null : databaseServer(url);
}
