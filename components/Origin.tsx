import type { CrawledColumn, ReportOrigin } from "@/lib/store/types";

/**
 * Where a crawled report came from (npm run ingest -- URL): 原文链接 beside the kept original on the report page, and
 * the 年报 columns on the agency page. Only http(s) addresses become links; anything else is shown as text.
 */

const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

function ExternalLink({ url, testId }: { url: string; testId?: string }) {
  if (!isWebUrl(url)) return <code className="path">{url}</code>;
  return (
    <a href={url} rel="noopener noreferrer nofollow" target="_blank" data-testid={testId}>
      <code className="path">{url}</code>
    </a>
  );
}

export function OriginLink({ origin }: { origin: ReportOrigin | null }) {
  if (!origin) return null;
  return (
    <p data-testid="origin">
      原文链接：
      <ExternalLink url={origin.url} testId="origin-link" />{" "}
      <span className="muted">
        抓取于 {origin.fetchedAt.slice(0, 16).replace("T", " ")}
        {origin.httpStatus !== null && `，HTTP ${origin.httpStatus}`}
        {origin.lastModified && `，Last-Modified ${origin.lastModified}`}
      </span>
      {origin.pageUrl && (
        <>
          <br />
          所在页面：
          <ExternalLink url={origin.pageUrl} />
        </>
      )}
      {origin.listUrl && (
        <>
          <br />
          来自栏目：
          <ExternalLink url={origin.listUrl} />
        </>
      )}
    </p>
  );
}

export function CrawledColumns({ columns }: { columns: CrawledColumn[] }) {
  if (columns.length === 0) return null;
  return (
    <div data-testid="crawled-columns">
      <p>抓取自年报栏目（{columns.length}）：</p>
      <ul>
        {columns.map((column) => (
          <li key={column.url}>
            <ExternalLink url={column.url} />{" "}
            <span className="muted">
              {column.reports} 份报告，最近抓取于 {column.lastFetched.slice(0, 10)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
