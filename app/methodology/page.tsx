import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ListParts";
import { ISSUE_MEANINGS } from "@/lib/web/issue-text";
import { issue } from "@/lib/report/issues";
import { denominatorText, formulaText, numeratorText } from "@/lib/web/measure-text";
import { DERIVED_LABELS, DERIVED_MEASURES, isRateMeasure, measureFormula, measureLabel, OUTCOME_ROWS } from "@/lib/report/measures";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, ISSUE_CODES, REVIEW_FIELDS, REVIEW_GROUPS, type IssueCode } from "@/lib/report/schema";
import {
  APPLICATIONS_HEADING,
  APPLICATIONS_NOTE,
  COLUMN_LABELS,
  PROACTIVE_HEADING,
  REVIEW_FIELD_LABELS,
  REVIEW_GROUP_LABELS,
  REVIEW_LITIGATION_HEADING,
  ROW_LABELS,
} from "@/lib/report/template";
import { issueAnchor, issueHref, methodologyAnchor } from "@/lib/web/links";

const title = "方法说明";
const description = "年报 Nianbao 的每个指标如何计算（公式与分母）、模板的勾稽关系、解析标记的含义、数据从哪里来";
export const metadata: Metadata = { title, description, openGraph: { title, description } };

const SEVERITY_NAMES = { error: "错误（表格未保存）", warning: "警告（数字可能有误，请核对原文）", info: "提示（不影响数字）" } as const;

/** The identities of the template, each with the flag raised when a report breaks it. */
const IDENTITIES: { code: IssueCode; text: string }[] = [
  { code: "identity.balance", text: `表三 ${APPLICATIONS_NOTE.replace(/^（|）$/g, "")}：一 ＋ 二 ＝ 三（七）总计 ＋ 四，每一列都应成立。` },
  {
    code: "identity.rowTotal",
    text: `表三每一行：${COLUMN_LABELS.total} ＝ 六类申请人（${APPLICANT_COLUMNS.filter((c) => c !== "total")
      .map((c) => COLUMN_LABELS[c])
      .join("、")}）之和。`,
  },
  { code: "identity.handledSum", text: `表三 ${ROW_LABELS.handledTotal.label} ＝ （一）至（六）各项办理结果之和，每一列都应成立。` },
  {
    code: "identity.reviewTotal",
    text: `表四每一组：${REVIEW_FIELD_LABELS.total} ＝ ${REVIEW_FIELDS.filter((f) => f !== "total")
      .map((f) => REVIEW_FIELD_LABELS[f])
      .join(" ＋ ")}。`,
  },
  { code: "identity.crossYear", text: `跨年度：本年的“${ROW_LABELS.carriedOver.label}”＝ 上一年报告的“${ROW_LABELS.carriedForward.label}”，每一列都应成立。` },
];

function MeasureEntry({ measureKey }: { measureKey: string }) {
  const formula = measureFormula(measureKey)!;
  const denominator = denominatorText(formula);
  return (
    <article id={methodologyAnchor(measureKey)} className="entry">
      <h3>
        {measureLabel(measureKey)} <code className="muted">{measureKey}</code>
      </h3>
      <dl>
        <dt>{denominator ? "分子" : "计算"}</dt>
        <dd>{numeratorText(formula)}</dd>
        {denominator && (
          <>
            <dt>分母</dt>
            <dd>{denominator}</dd>
          </>
        )}
        <dt>公式</dt>
        <dd>
          {measureLabel(measureKey)} ＝ {formulaText(formula)}
          {isRateMeasure(measureKey) && "，以百分数显示（保留一位小数）"}
        </dd>
      </dl>
    </article>
  );
}

export default function MethodologyPage() {
  return (
    <main className="page methodology">
      <h1>{title}</h1>
      <p className="lead">本页说明每个指标的公式和分母、国家模板的勾稽关系、解析标记的含义，以及数据的来源。页面上的指标名称都链接到这里的条目。</p>
      <nav aria-label="本页目录">
        <ul className="toc">
          <li>
            <a href="#source">数据从哪里来</a>
          </li>
          <li>
            <a href="#measures">派生指标</a>
          </li>
          <li>
            <a href="#outcome-shares">各项办理结果占比</a>
          </li>
          <li>
            <a href="#cells">表三、表四的单元格</a>
          </li>
          <li>
            <a href="#identities">勾稽关系</a>
          </li>
          <li>
            <a href="#flags">解析标记</a>
          </li>
        </ul>
      </nav>

      <section id="source" aria-labelledby="source-heading">
        <h2 id="source-heading">数据从哪里来</h2>
        <p>
          每一个数字都来自行政机关自己发布的《政府信息公开工作年度报告》（按《中华人民共和国政府信息公开条例》的规定每年发布，表格用国务院办公厅的统一格式）。年报
          Nianbao 读取报告原文件（PDF、Word、网页等），按模板的 {PROACTIVE_HEADING}（表二）、{APPLICATIONS_HEADING}（表三）、{REVIEW_LITIGATION_HEADING}
          （表四）逐格读出数字，并用模板自身的勾稽关系核对。原文件按内容的 sha256 保存，每份报告页面都可下载原文件；PDF 中每个数字都链接到它所在的页。
        </p>
        <p>
          合计、排名和比较只包括已收录的报告：“所收录 N
          个机关合计”是这些机关的件数之和，不是全国或全省的总数。比率先把各机关的件数相加，再用合计的件数计算，不平均各机关的比率。
          数字缺失（报告未印、模板未设该行，或解析器未能确定）显示为“—”，不当作 0；分母为零或缺失时比率也显示为“—”。
        </p>
        <p>引用本站数据时，请注明：年报 Nianbao，页面地址，访问日期；每页页脚和每个 JSON 导出都附有引用信息。</p>
      </section>

      <section id="measures" aria-labelledby="measures-heading">
        <h2 id="measures-heading">派生指标</h2>
        <p className="muted">公式由计算所用的同一份定义（lib/report/measures.ts）生成。“［缺失记为 0］”指该格缺失时按 0 计。</p>
        {DERIVED_MEASURES.map((measure) => (
          <MeasureEntry key={measure} measureKey={measure} />
        ))}
      </section>

      <section id="outcome-shares" aria-labelledby="outcome-shares-heading">
        <h2 id="outcome-shares-heading">各项办理结果占比</h2>
        <p>
          每项办理结果（总计列）占 {ROW_LABELS.handledTotal.label} 的比例；{DERIVED_LABELS.grantRate}等派生指标是其中几项之和。
        </p>
        {OUTCOME_ROWS.map((row) => (
          <MeasureEntry key={row} measureKey={`outcomeShare.${row}`} />
        ))}
      </section>

      <section id="cells" aria-labelledby="cells-heading">
        <h2 id="cells-heading">表三、表四的单元格</h2>
        <p>单元格即报告表格中印出的数字（件），不经计算。导出文件的列名就是下表的键。</p>
        <DataTable label="表三的单元格与键">
          <thead>
            <tr>
              <th className="label">表三 行</th>
              {APPLICANT_COLUMNS.map((column) => (
                <th key={column}>{COLUMN_LABELS[column]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {APPLICATION_ROWS.map((row) => (
              <tr key={row}>
                <th className="label" scope="row">
                  {ROW_LABELS[row].label}
                </th>
                {APPLICANT_COLUMNS.map((column) => (
                  <td key={column} id={methodologyAnchor(`applications.${row}.${column}`)}>
                    <code>{`applications.${row}.${column}`}</code>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </DataTable>
        <DataTable label="表四的单元格与键">
          <thead>
            <tr>
              <th className="label">表四 组</th>
              {REVIEW_FIELDS.map((field) => (
                <th key={field}>{REVIEW_FIELD_LABELS[field]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {REVIEW_GROUPS.map((group) => (
              <tr key={group}>
                <th className="label" scope="row">
                  {REVIEW_GROUP_LABELS[group]}
                </th>
                {REVIEW_FIELDS.map((field) => (
                  <td key={field} id={methodologyAnchor(`reviewLitigation.${group}.${field}`)}>
                    <code>{`reviewLitigation.${group}.${field}`}</code>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>

      <section id="identities" aria-labelledby="identities-heading">
        <h2 id="identities-heading">勾稽关系</h2>
        <p>模板的数字之间有固定的关系。报告不满足时，数字照印保存，并在相关格子旁加标记。</p>
        <ul>
          {IDENTITIES.map(({ code, text }) => (
            <li key={code}>
              {text} 不满足时标记 <Link href={issueHref(code)}>{code}</Link>。
            </li>
          ))}
        </ul>
      </section>

      <section id="flags" aria-labelledby="flags-heading">
        <h2 id="flags-heading">解析标记</h2>
        <p>解析器读报告时遇到的问题，标在相关的格子旁；点开标记可看到位置、数字和说明。</p>
        <dl className="flags-list">
          {ISSUE_CODES.map((code) => (
            <div key={code} id={issueAnchor(code)}>
              <dt>
                <code>{code}</code> · {SEVERITY_NAMES[issue(code, "", "report").severity]}
              </dt>
              <dd>
                {ISSUE_MEANINGS[code]}。 <Link href={`/agencies?issue=${encodeURIComponent(code)}`}>有此标记的机关</Link>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </main>
  );
}
