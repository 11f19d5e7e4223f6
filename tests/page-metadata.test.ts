import { beforeEach, describe, expect, it, vi } from "vitest";
import AgencyPage, { generateMetadata as agencyMetadata } from "../app/agencies/[id]/page";
import { GET as pageApi } from "../app/api/[file]/route";
import { GET as agencyApi } from "../app/api/agencies/[file]/route";
import { GET as reportApi } from "../app/api/reports/[file]/route";
import ComparePage, { generateMetadata as compareMetadata } from "../app/compare/page";
import ReportPage, { generateMetadata as reportMetadata } from "../app/reports/[id]/page";
import { SqliteStore } from "../db/sqlite-store";
import { renderPage, searchParams } from "./support/page-html";
import { seedWebDbForFile } from "./support/web-seed-db";

/**
 * Issue 16 (7): a page's title comes from the page's own view model. generateMetadata and the page call the same
 * builder, wrapped in React's cache(); under Next's server render that cache lives for one request, so the title costs
 * no read of its own. Outside Next, React's cache() is a plain call: here it is replaced by one that memoizes for one
 * "request" (reset before each test), and the Store's reads are counted.
 */

vi.mock("next/server", async (original) => ({ ...(await original<object>()), connection: async () => {} }));
vi.mock("next/navigation", async (original) => ({ ...(await original<object>()), useRouter: () => ({ replace() {}, push() {} }) }));

const RESULT = Symbol("result");
type CacheNode = Map<unknown, CacheNode> & { [RESULT]?: unknown };
const request = { root: new Map() as CacheNode };
vi.mock("react", async (original) => ({
  ...(await original<object>()),
  // As React's server cache(): one entry per function and arguments (objects by identity), for the current request.
  cache:
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      let node = request.root;
      for (const key of [fn, ...args]) {
        if (!node.has(key)) node.set(key, new Map() as CacheNode);
        node = node.get(key)!;
      }
      if (!(RESULT in node)) node[RESULT] = fn(...args);
      return node[RESULT] as R;
    },
}));

seedWebDbForFile("nianbao-metadata-");

/** Every read of the Store the web makes, counted. */
const STORE_READS = Object.getOwnPropertyNames(SqliteStore.prototype).filter((name) => name !== "constructor");
const reads = () => STORE_READS.map((name) => vi.spyOn(SqliteStore.prototype as unknown as Record<string, () => unknown>, name));
const callCount = (spies: ReturnType<typeof reads>) => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);

beforeEach(() => {
  request.root = new Map() as CacheNode;
  vi.restoreAllMocks();
});

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
// biome-ignore lint/suspicious/noExplicitAny: the JSON is read field by field below, as a client would.
const json = async <P>(handler: Handler<P>, param: P, query = ""): Promise<any> =>
  (await handler(new Request(`http://localhost/api/x${query}`), { params: Promise.resolve(param) })).json();

/** The Store reads of one request that renders the page, with and without its generateMetadata. */
async function readsOf(render: () => Promise<unknown>, metadata: () => Promise<unknown>): Promise<{ pageOnly: number; withTitle: number }> {
  let spies = reads();
  await render();
  const pageOnly = callCount(spies);
  vi.restoreAllMocks();
  request.root = new Map() as CacheNode;
  spies = reads();
  await Promise.all([metadata(), render()]);
  return { pageOnly, withTitle: callCount(spies) };
}

describe("a report's page", () => {
  const props = { params: Promise.resolve({ id: "1" }), searchParams: searchParams("") };

  it("is titled by its model: the agency and year its JSON twin carries", async () => {
    const data = await json(reportApi, { file: "1.json" });
    const metadata = await reportMetadata(props);
    expect(metadata.title).toBe(`${data.agency.name} ${data.report.year} 年度报告`);
    expect(metadata.openGraph?.title).toBe(metadata.title);
  });

  it("reads nothing more for its title", async () => {
    const { pageOnly, withTitle } = await readsOf(
      () => renderPage(ReportPage, props),
      () => reportMetadata(props),
    );
    expect(pageOnly).toBeGreaterThan(0);
    expect(withTitle).toBe(pageOnly);
  });
});

describe("an agency's page", () => {
  const props = { params: Promise.resolve({ id: "1" }), searchParams: searchParams("") };

  it("is titled by its model: the agency and the span of years its JSON twin carries", async () => {
    const data = await json(agencyApi, { file: "1.json" });
    const years: number[] = data.years.map((y: { year: number }) => y.year);
    const metadata = await agencyMetadata(props);
    expect(years.length).toBeGreaterThan(1);
    expect(metadata.title).toBe(`${data.agency.name} · ${years[0]}–${years.at(-1)} 年度`);
  });

  it("reads nothing more for its title", async () => {
    const { pageOnly, withTitle } = await readsOf(
      () => renderPage(AgencyPage, props),
      () => agencyMetadata(props),
    );
    expect(pageOnly).toBeGreaterThan(0);
    expect(withTitle).toBe(pageOnly);
  });
});

describe("the comparison", () => {
  const query = "?agency=1&agency=2&measure=grantRate";
  const props = () => ({ searchParams: searchParams(query) });

  it("names the chosen agencies in its description", async () => {
    const data = await json(pageApi, { file: "compare.json" }, query);
    const names: string[] = data.comparisons[0].series.map((s: { name: string }) => s.name);
    const { description } = await compareMetadata(props());
    expect(names).toHaveLength(2);
    for (const name of names) expect(description).toContain(name);
  });

  it("reads nothing more for its title", async () => {
    const { pageOnly, withTitle } = await readsOf(
      () => renderPage(ComparePage, props()),
      () => compareMetadata(props()),
    );
    expect(pageOnly).toBeGreaterThan(0);
    expect(withTitle).toBe(pageOnly);
  });
});
