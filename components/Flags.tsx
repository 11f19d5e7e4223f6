import type { Issue } from "@/lib/report/schema";

const SEVERITY_MARK: Record<Issue["severity"], string> = { error: "✕", warning: "!", info: "i" };
const SEVERITY_LABEL: Record<Issue["severity"], string> = { error: "错误", warning: "警告", info: "提示" };
const ORDER: Issue["severity"][] = ["error", "warning", "info"];

export const ISSUE_LABELS: Record<string, string> = {
  "identity.balance": "勾稽关系不平衡（新收＋上年结转 ≠ 办理总计＋结转下年度）",
  "identity.rowTotal": "总计不等于各类申请人之和",
  "identity.handledSum": "办理结果总计不等于各项之和",
  "identity.reviewTotal": "复议、诉讼总计不等于各项之和",
  "identity.crossYear": "上年结转与上一年报告的结转下年度不一致",
  "label.variant": "表格标签与模板措辞不同",
  "table.extraCells": "数字个数多于表格列数",
  "table.missingCells": "数字个数少于表格列数",
  "table.ambiguous": "表格无法确定地读取",
  "value.notApplicable": "单元格为“不涉及”等，记为空值",
  "section.missing": "未找到表格或行",
  "period.partial": "统计期间不是全年",
  "region.ambiguous": "地区无法唯一确定",
  "region.unknown": "未能识别地区",
  "value.implausible": "数字大得不可能是真实数据（误读或笔误）",
  "narrative.mismatch": "正文所述数字与表格不一致",
  "report.yearConflict": "正文提到的报告年度与标题不一致",
  "value.notCount": "件数栏出现小数或负数",
  "value.inferred": "数字粘连，按规则或正文数字拆分，请核对原文",
  "table.duplicateRow": "同一行出现两次",
  "value.ocr": "由扫描件识别（OCR）读出的数字",
  "value.ocrReview": "OCR 识别结果需对照扫描件核对（置信度低、两次识别不一致或勾稽关系不平衡）",
  "revision.undecided": "同一年度有多个版本，无法从文件判断哪个是最新（保留原当前版本，可用 npm run revisions 指定）",
};

/** The flags of one cell beside its number: a mark per severity, the messages on tap (details) or hover (title). */
export function Flags({ issues }: { issues: Issue[] | undefined }) {
  if (!issues?.length) return null;
  const severity = ORDER.find((s) => issues.some((i) => i.severity === s))!;
  const title = issues.map((i) => `${i.code}: ${i.message}`).join("\n");
  return (
    <details className={`flag ${severity}`}>
      <summary title={title} aria-label={`${SEVERITY_LABEL[severity]}：${issues.length} 条标记`}>
        {SEVERITY_MARK[severity]}
      </summary>
      <div role="note">
        {issues.map((issue, i) => (
          <p key={i}>
            <strong>{ISSUE_LABELS[issue.code] ?? issue.code}</strong>
            <br />
            <code>{issue.code}</code> {issue.message}
          </p>
        ))}
      </div>
    </details>
  );
}
