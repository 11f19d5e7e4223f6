import { databaseState, webDb } from "../../db/queries";
import type { Db } from "../../db/client";
import { csvResponse, jsonResponse } from "./csv";
import { routeId } from "../web/params";
import { ITEM_VIEWS, type View } from "./views";

/** What the API route handlers share: reading `<name>.<csv|json>`, the missing database, the 404. */

export type DataFormat = "csv" | "json";

export function parseFileName(file: string): { name: string; format: DataFormat } | null {
  const match = /^([A-Za-z0-9]+)\.(csv|json)$/.exec(file);
  return match ? { name: match[1]!, format: match[2] as DataFormat } : null;
}

export const INGEST_HINT = "npm run ingest -- data/samples";
export const MIGRATE_HINT = "npm run db:migrate";

export function missingDatabase(): Response {
  if (databaseState() === "outdated") return jsonResponse({ error: "database needs a migration", hint: `run ${MIGRATE_HINT}` }, 503);
  return jsonResponse({ error: "no database yet", hint: `run ${INGEST_HINT} to create it` }, 503);
}

export function notFoundResponse(what = "not found"): Response {
  return jsonResponse({ error: what }, 404);
}

export function viewResponse(view: View, format: DataFormat, params: URLSearchParams): Response {
  if (format === "json") return jsonResponse(view.json());
  const tables = Object.keys(view.tables);
  const name = params.get("table") ?? tables[0]!;
  // Own keys only: `table=constructor` must not reach Object.prototype.
  const build = Object.hasOwn(view.tables, name) ? view.tables[name] : undefined;
  if (!build) return jsonResponse({ error: `no table ${name}`, tables }, 404);
  return csvResponse(build());
}

/** Runs a handler with the database, or answers 503 while none has been ingested. */
export function withDb(handler: (db: Db) => Response | Promise<Response>): Response | Promise<Response> {
  const db = webDb();
  return db ? handler(db) : missingDatabase();
}

type FileRouteContext = { params: Promise<{ file: string }> };

/** The route handler of `/api/<kind>/<id>.csv[?table=…]` and `/api/<kind>/<id>.json`. */
export function itemRoute(kind: keyof typeof ITEM_VIEWS) {
  return async function itemResponse(request: Request, { params }: FileRouteContext): Promise<Response> {
    const parsed = parseFileName((await params).file);
    const id = parsed ? routeId(parsed.name) : undefined;
    if (!parsed || id === undefined) return notFoundResponse();
    const query = new URL(request.url).searchParams;
    return withDb((db) => {
      const view = ITEM_VIEWS[kind](db, id);
      return view ? viewResponse(view, parsed.format, query) : notFoundResponse();
    });
  };
}
