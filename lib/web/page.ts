import { connection } from "next/server";
import { databaseState, webDb } from "../../db/queries";
import { toSearchParams, type SearchParamsRecord } from "./params";

/** A page's database (null while none is ingested) and its query; never prerendered, the data changes. */
export async function pageContext(searchParams?: Promise<SearchParamsRecord>) {
  await connection();
  const params = toSearchParams(searchParams ? await searchParams : {});
  return { db: webDb(), state: databaseState(), params };
}
