import { flagText, ISSUE_MEANINGS } from "@/lib/web/issue-text";
import type { Issue } from "@/lib/report/schema";
import { issueHref } from "@/lib/web/links";

const SEVERITY_MARK: Record<Issue["severity"], string> = { error: "✕", warning: "!", info: "i" };
export const SEVERITY_LABEL: Record<Issue["severity"], string> = { error: "错误", warning: "警告", info: "提示" };
const ORDER: Issue["severity"][] = ["error", "warning", "info"];

/** What each flag code means in plain Chinese (lib/web/issue-text.ts); the facets and the overview name codes by it. */
export const ISSUE_LABELS: Record<string, string> = ISSUE_MEANINGS;

/** A flag with, for a cross-year flag, the other year's report to open. */
export type ShownIssue = Issue & { id?: number; otherReport?: { href: string; year: number } };

/** An id for the popover: the stored issues' ids, else a hash of what the flags say. */
function idOf(scope: string, issues: ShownIssue[]): string {
  const ids = issues.map((i) => i.id);
  if (ids.every((id) => id !== undefined)) return `flag-${scope}-${ids.join("-")}`;
  let hash = 0;
  for (const c of JSON.stringify(issues)) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return `flag-${scope}-h${(hash >>> 0).toString(36)}`;
}

function FlagNote({ issue }: { issue: ShownIssue }) {
  const { meaning, place, detail } = flagText(issue);
  return (
    <div className="flag-note">
      <p>
        <strong>{meaning}</strong>
      </p>
      <p>位置：{place}</p>
      {detail && <p>{detail}</p>}
      {issue.otherReport && (
        <p>
          <a href={issue.otherReport.href}>打开 {issue.otherReport.year} 年度报告核对</a>
        </p>
      )}
      <p className="muted">
        <a href={issueHref(issue.code)}>标记 {issue.code} 的说明</a>
        {!detail && <> · 解析记录：{issue.message}</>}
      </p>
    </div>
  );
}

/**
 * The flags of one cell beside its number: a mark per severity; tapping it opens the messages in a popover (the top
 * layer: the table neither reflows nor clips it), closed by Esc, a tap outside or its 关闭 button.
 */
export function Flags({ issues, scope = "cell" }: { issues: ShownIssue[] | undefined; scope?: string }) {
  if (!issues?.length) return null;
  const severity = ORDER.find((s) => issues.some((i) => i.severity === s))!;
  const id = idOf(scope, issues);
  const title = issues.map((i) => ISSUE_MEANINGS[i.code] ?? i.code).join("\n");
  return (
    <span className={`flag ${severity}`}>
      <button type="button" popoverTarget={id} title={title} aria-label={`${SEVERITY_LABEL[severity]}：${issues.length} 条标记，点开查看`}>
        {SEVERITY_MARK[severity]}
      </button>
      <div popover="auto" id={id} role="note" className="flag-popover">
        {issues.map((issue, i) => (
          <FlagNote key={i} issue={issue} />
        ))}
        <button type="button" className="button" popoverTarget={id} popoverTargetAction="hide">
          关闭
        </button>
      </div>
    </span>
  );
}
