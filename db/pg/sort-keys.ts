import type pg from "pg";
import { agencyNamed } from "../write-rules";

/** Agencies keyed per statement: one round trip each, short enough not to hold many rows' locks for long. */
const BATCH = 500;

/**
 * Fills the agencies' pinyin sort key (agencies.name_sort_key) where it is still the empty default of migration 0004:
 * agencies stored before that migration. SQLite's migration 0013 fills it in SQL with the connection's nianbao_pinyin();
 * PostgreSQL has no such function, so the key is computed here with the writers' own (agencyNamed of
 * db/write-rules.ts) and written in batches by id. Every agency written since has its key, so after the first run this
 * is one indexed look-up (agencies_sort_key) that finds nothing. Returns how many agencies it keyed.
 */
export async function backfillSortKeys(client: pg.ClientBase): Promise<number> {
  let keyed = 0;
  for (let after = 0; ; ) {
    const { rows } = await client.query<{ id: number; name: string }>(
      `SELECT "id", "name" FROM "agencies" WHERE "name_sort_key" = '' AND "id" > $1 ORDER BY "id" LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) return keyed;
    await client.query(
      `UPDATE "agencies" AS a SET "name_sort_key" = v.key FROM unnest($1::int[], $2::text[]) AS v(id, key)
       WHERE a."id" = v.id AND a."name_sort_key" = ''`,
      [rows.map((row) => row.id), rows.map((row) => agencyNamed(row.name).nameSortKey)],
    );
    keyed += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}
