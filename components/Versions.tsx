import Link from "next/link";
import type { RevisionRow } from "@/lib/store/types";
import { FileName } from "./FileName";

/** Why the current file is current, by db/revisions.ts's reason. */
export const CURRENT_REASON_LABELS: Record<string, string> = {
  only: "唯一的文件",
  chosen: "由用户指定（npm run revisions -- choose）",
  revisionMark: "文件标明更正/修订/修正",
  signedOn: "落款日期最晚",
  publishedOn: "发布时间最晚",
  undecided: "文件无法判断先后，保留原当前版本（revision.undecided）",
  ingestOrder: "旧数据按导入顺序确定（npm run reparse 后按文件判断）",
};

function facts(version: RevisionRow): string {
  const parts = [
    version.agencyName && `署名 ${version.agencyName}`,
    `落款 ${version.signedOn ?? "未识别"}`,
    `发布 ${version.publishedOn ?? "未知"}`,
    version.revisionMark && `标记“${version.revisionMark}”`,
  ];
  return parts.filter(Boolean).join("，");
}

/** Every file of an agency's year with its source, which one is current and why. */
export function Versions({ versions, shownId }: { versions: RevisionRow[]; shownId: number }) {
  if (versions.length < 2) return null;
  const current = versions.find((v) => v.isCurrent);
  return (
    <section aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">版本（{versions.length}）</h2>
      <p className="muted">
        同一机关同一年度有多个文件，均保留。当前版本：
        {current ? `#${current.id}，${CURRENT_REASON_LABELS[current.currentReason ?? ""] ?? current.currentReason}` : "无"}。
      </p>
      <ul data-testid="versions">
        {versions.map((version) => (
          <li key={version.id} data-current={version.isCurrent ? "true" : undefined}>
            {version.id === shownId ? <strong>#{version.id}</strong> : <Link href={`/reports/${version.id}`}>#{version.id}</Link>}{" "}
            <a href={`/sources/${version.sha256}`}>
              <FileName name={version.fileName} />
            </a>{" "}
            {version.isCurrent ? "（当前版本）" : "（非当前版本）"}{" "}
            <span className="muted">
              {facts(version)}；导入于 {version.ingestedAt.slice(0, 10)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every spelling of an agency seen in its reports' titles. */
export function Aliases({ aliases }: { aliases: string[] }) {
  if (aliases.length === 0) return null;
  return (
    <p data-testid="aliases">
      报告中出现的名称（{aliases.length}）：{aliases.join("；")}
    </p>
  );
}
