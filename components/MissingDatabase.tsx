import type { DatabaseState } from "@/lib/store/types";
import { INGEST_HINT, MIGRATE_HINT } from "@/lib/export/routes";

/** Shown instead of a page while no usable database exists: none ingested yet, or one from an older schema. */
export function MissingDatabase({ state = "missing" }: { state?: DatabaseState }) {
  const outdated = state === "outdated";
  return (
    <main className="page">
      <h1>{outdated ? "数据库需要升级" : "还没有数据"}</h1>
      <div className="notice" role="status">
        <p>{outdated ? "数据库是旧版本的结构，请先升级（不会改动已导入的报告）：" : "没有找到数据库。请先导入报告，例如仓库自带的五份样本："}</p>
        <pre>
          <code>{outdated ? MIGRATE_HINT : INGEST_HINT}</code>
        </pre>
        <p className="muted">数据库默认位于 data/nianbao.db，可用环境变量 NIANBAO_DB 指定其他位置。</p>
      </div>
    </main>
  );
}
