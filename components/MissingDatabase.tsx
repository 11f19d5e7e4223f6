import type { DatabaseState } from "@/lib/store/types";
import { INGEST_HINT, MIGRATE_HINT } from "@/lib/export/routes";
import { unreachableText } from "@/lib/web/unreachable";

/** What the web knows of its database when it has no store: none yet, outdated, or its PostgreSQL server unreachable. */
type State = DatabaseState | { unreachable: string };

/**
 * Shown instead of a page while no usable database exists: none ingested yet, one from an older schema, or a
 * PostgreSQL server that does not answer (proxy.ts answers that one with 503 first; this is for a server lost since).
 */
export function MissingDatabase({ state = "missing" }: { state?: State }) {
  if (typeof state === "object") return <UnreachableDatabase server={state.unreachable} />;
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

function UnreachableDatabase({ server }: { server: string }) {
  const { title, lines, english } = unreachableText(server);
  return (
    <main className="page">
      <h1>{title}</h1>
      <div className="notice" role="status" data-testid="database-unreachable">
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
        <p className="muted" lang="en">
          {english}
        </p>
      </div>
    </main>
  );
}
