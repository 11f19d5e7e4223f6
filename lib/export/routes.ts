import { isUnreachable, unreachableServer, webStore, webStoreState } from "../../db/sqlite-store";
import type { Store } from "../store/store";
import { csvResponse, jsonResponse } from "./csv";
import { exportCitation } from "../web/citation";
import { routeId } from "../web/params";
import { unreachableJson } from "../web/unreachable";
import { ITEM_VIEWS, type View } from "./views";

/** What the API route handlers share: reading `<name>.<csv|json>`, the missing database, the 404. */

export type DataFormat = "csv" | "json";

export function parseFileName(file: string): { name: string; format: DataFormat } | null {
  const match = /^([A-Za-z0-9]+)\.(csv|json)$/.exec(file);
  return match ? { name: match[1]!, format: match[2] as DataFormat } : null;
}

export const INGEST_HINT = "npm run ingest -- data/samples";
export const MIGRATE_HINT = "npm run db:migrate";

export async function missingDatabase(): Promise<Response> {
  const state = await webStoreState();
  const server = unreachableServer(state);
  if (server) return jsonResponse(unreachableJson(server), 503);
  if (state === "outdated") return jsonResponse({ error: "database needs a migration", hint: `run ${MIGRATE_HINT}` }, 503);
  return jsonResponse({ error: "no database yet", hint: `run ${INGEST_HINT} to create it` }, 503);
}

export function notFoundResponse(what = "not found"): Response {
  return jsonResponse({ error: what }, 404);
}

/**
 * A view as JSON or CSV, cited: the JSON carries `citation` (source, its address, when it was retrieved), the CSV the
 * same line URI-encoded in its `X-Nianbao-Citation` header (a line in the file would break the table's shape).
 */
export async function viewResponse(view: View, format: DataFormat, params: URLSearchParams, url = ""): Promise<Response> {
  const citation = exportCitation(url);
  if (format === "json") {
    const data = await view.json();
    return jsonResponse(data && typeof data === "object" && !Array.isArray(data) ? { ...data, citation } : data);
  }
  const tables = Object.keys(view.tables);
  const name = params.get("table") ?? tables[0]!;
  // Own keys only: `table=constructor` must not reach Object.prototype.
  const build = Object.hasOwn(view.tables, name) ? view.tables[name] : undefined;
  if (!build) return jsonResponse({ error: `no table ${name}`, tables }, 404);
  const response = csvResponse(await build());
  response.headers.set("X-Nianbao-Citation", encodeURIComponent(citation.text));
  return response;
}

/**
 * Runs a handler with the web's Store, or answers 503 while no database has been ingested (or it is not migrated, or
 * its PostgreSQL server cannot be reached, also when it went away after the store was opened).
 */
export async function withStore(handler: (store: Store) => Response | Promise<Response>): Promise<Response> {
  const store = await webStore();
  if (!store) return missingDatabase();
  try {
    return await handler(store);
  } catch (error) {
    if (isUnreachable(error)) return missingDatabase();
    throw error;
  }
}

type FileRouteContext = { params: Promise<{ file: string }> };

/** The route handler of `/api/<kind>/<id>.csv[?table=…]` and `/api/<kind>/<id>.json`. */
export function itemRoute(kind: keyof typeof ITEM_VIEWS) {
  return async function itemResponse(request: Request, { params }: FileRouteContext): Promise<Response> {
    const parsed = parseFileName((await params).file);
    const id = parsed ? routeId(parsed.name) : undefined;
    if (!parsed || id === undefined) return notFoundResponse();
    const query = new URL(request.url).searchParams;
    return withStore(async (store) => {
      const view = await ITEM_VIEWS[kind](store, id);
      return view ? viewResponse(view, parsed.format, query, request.url) : notFoundResponse();
    });
  };
}
