import { z } from "zod";
import { DERIVED_MEASURES, OUTCOME_GROUPS } from "../report/measures";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, REVIEW_FIELDS, REVIEW_GROUPS } from "../report/schema";
import { LIST_MEASURES } from "../store/types";
import { API_SCHEMAS, type ApiEndpoint } from "./api-schemas";

/**
 * docs/api.md's field lists, generated from the API's zod schemas (lib/export/api-schemas.ts) through their JSON
 * Schema: one row per field path (`rows[].measures.<listMeasure>`), an object keyed by a whole set of the
 * dictionary's keys written once with the set's name. `scripts/api-doc.ts` writes them into the document;
 * tests/api-schemas.test.ts fails when the document is not what this renders.
 */

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: { enum?: string[]; pattern?: string };
  items?: JsonSchema;
};

/** The dictionary's key sets an object may be keyed by, with the name a field path shows for a key of the set. */
export const KEY_SETS: { name: string; keys: readonly string[]; meaning: string }[] = [
  { name: "row", keys: APPLICATION_ROWS, meaning: "a row of 表三 (`applications.<row>`)" },
  { name: "column", keys: APPLICANT_COLUMNS, meaning: "an applicant column of 表三" },
  { name: "group", keys: REVIEW_GROUPS, meaning: "a group of 表四 (`reviewLitigation.<group>`)" },
  { name: "field", keys: REVIEW_FIELDS, meaning: "a field of a 表四 group" },
  { name: "measure", keys: DERIVED_MEASURES, meaning: "a derived measure (§7 of the data dictionary)" },
  { name: "listMeasure", keys: LIST_MEASURES, meaning: "a measure of the agencies list (`sort` above)" },
  { name: "outcomeGroup", keys: OUTCOME_GROUPS, meaning: "a printed outcome group" },
];

export type FieldRow = { path: string; type: string; optional: boolean };

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && b.every((k) => a.includes(k));
const keySetOf = (keys: readonly string[]) => KEY_SETS.find((set) => sameKeys(set.keys, keys))?.name;

/** The alternatives of a schema (a nullable is an anyOf with null), flattened. */
const branches = (schema: JsonSchema): JsonSchema[] => (schema.anyOf ? schema.anyOf.flatMap(branches) : [schema]);

function typeName(schema: JsonSchema): string {
  const names = branches(schema).flatMap((b): string[] => {
    if (b.const !== undefined) return [JSON.stringify(b.const)];
    if (b.enum) return [b.enum.length <= 6 ? b.enum.map((v) => JSON.stringify(v)).join(" \\| ") : `one of ${b.enum.length} codes`];
    const types = Array.isArray(b.type) ? b.type : b.type ? [b.type] : ["any"];
    return types.map((t) => (t === "array" ? `${b.items ? typeName(b.items) : "any"}[]` : t));
  });
  return [...new Set(names)].join(" or ");
}

function walk(schema: JsonSchema, path: string, optional: boolean, out: FieldRow[]): void {
  const objects = branches(schema).filter((b) => b.type === "object" || b.type === "array");
  out.push({ path, type: typeName(schema), optional });
  for (const branch of objects) {
    if (branch.type === "array" && branch.items) walk(branch.items, `${path}[]`, false, out);
    if (branch.type !== "object") continue;
    const keys = Object.keys(branch.properties ?? {});
    const set = keys.length ? keySetOf(keys) : undefined;
    if (set) walk(branch.properties![keys[0]!]!, `${path}.<${set}>`, !(branch.required ?? []).includes(keys[0]!), out);
    else for (const key of keys) walk(branch.properties![key]!, `${path}.${key}`, !(branch.required ?? []).includes(key), out);
    if (typeof branch.additionalProperties === "object") {
      const names = branch.propertyNames;
      const key = names?.enum ? (keySetOf(names.enum) ?? "key") : names?.pattern === "^\\d{4}$" ? "year" : "key";
      walk(branch.additionalProperties, `${path}.<${key}>`, true, out);
    }
  }
}

/** Every field of an endpoint's answer, parents before their fields, each once (a union's branches merged). */
export function schemaFields(schema: z.ZodType): FieldRow[] {
  const json = z.toJSONSchema(schema, { unrepresentable: "any" }) as JsonSchema;
  const out: FieldRow[] = [];
  walk(json, "", false, out);
  const seen = new Map<string, FieldRow>();
  // An array's items are its row (`rows` is object[]); the citation is the Conventions' (every page's answer has it).
  const shown = out.slice(1).filter((row) => !(row.path.endsWith("[]") && row.type === "object") && !row.path.startsWith(".citation"));
  for (const row of shown) {
    const path = row.path.slice(1);
    const before = seen.get(path);
    seen.set(path, before ? { path, type: [...new Set([before.type, row.type])].join(" or "), optional: before.optional || row.optional } : { ...row, path });
  }
  return [...seen.values()];
}

/** The top-level keys of an endpoint's answer, `citation` aside (the Conventions describe it: every page's answer carries it). */
export const topLevelKeys = (endpoint: ApiEndpoint): string[] => Object.keys(API_SCHEMAS[endpoint].shape).filter((key) => key !== "citation");

const START = "<!-- api-fields ";
const END = "<!-- /api-fields -->";

function fieldBlock(endpoint: ApiEndpoint): string {
  const rows = schemaFields(API_SCHEMAS[endpoint]);
  const sets = KEY_SETS.filter((set) => rows.some((row) => row.path.includes(`<${set.name}>`)));
  return [
    `${START}${endpoint}: generated from lib/export/api-schemas.ts by \`npx tsx scripts/api-doc.ts\`, do not edit -->`,
    "<details><summary>Every field</summary>",
    "",
    "| field | type |",
    "|---|---|",
    ...rows.map((row) => `| \`${row.path}\`${row.optional ? " (may be absent)" : ""} | ${row.type} |`),
    ...(sets.length ? ["", ...sets.map((set) => `- \`<${set.name}>\`: ${set.meaning}, one of ${set.keys.map((k) => `\`${k}\``).join(", ")}.`)] : []),
    "",
    "</details>",
    END,
  ].join("\n");
}

/** The endpoint a `### ` heading of docs/api.md names (`### \`/api/search.json?q=…\`` → `/api/search.json`). */
export function headingEndpoint(line: string): ApiEndpoint | undefined {
  const path = /^### `([^`?]+)/.exec(line)?.[1];
  return path && Object.hasOwn(API_SCHEMAS, path) ? (path as ApiEndpoint) : undefined;
}

/** The document split into its endpoint sections: each heading's endpoint and its lines up to the next heading. */
export function endpointSections(doc: string): { endpoint: ApiEndpoint; lines: string[] }[] {
  const sections: { endpoint: ApiEndpoint; lines: string[] }[] = [];
  let current: { endpoint: ApiEndpoint; lines: string[] } | null = null;
  for (const line of doc.split("\n")) {
    if (/^#{1,3} /.test(line)) {
      const endpoint = headingEndpoint(line);
      current = endpoint ? { endpoint, lines: [] } : null;
      if (current) sections.push(current);
    } else current?.lines.push(line);
  }
  return sections;
}

/** The document with each endpoint section's field list (re)generated at its end, the rest untouched. */
export function renderApiDoc(doc: string): string {
  const withoutBlocks = doc.replace(new RegExp(`\\n*${START}[\\s\\S]*?${END}\\n*`, "g"), "\n\n");
  const out: string[] = [];
  let open: ApiEndpoint | undefined;
  const close = () => {
    if (!open) return;
    while (out.at(-1) === "") out.pop();
    out.push("", fieldBlock(open), "");
    open = undefined;
  };
  for (const line of withoutBlocks.split("\n")) {
    if (/^#{1,3} /.test(line)) {
      close();
      open = headingEndpoint(line);
    }
    out.push(line);
  }
  close();
  return out.join("\n");
}
