import { connection } from "next/server";
import { webStore, webStoreState } from "../../db/sqlite-store";
import { toSearchParams, type SearchParamsRecord } from "./params";

/** A page's Store (null while no database is ingested or it is not migrated: `state` says which) and its query; never prerendered, the data changes. */
export async function pageContext(searchParams?: Promise<SearchParamsRecord>) {
  await connection();
  const params = toSearchParams(searchParams ? await searchParams : {});
  const store = await webStore();
  return { store, state: store ? ("ready" as const) : await webStoreState(), params };
}
