import { SECURITY_HEADERS } from "./security";

/**
 * What the dashboard says while its PostgreSQL server cannot be reached (DATABASE_URL names a server that is down, or
 * a host or port nothing answers on): Chinese first, the server named host:port (never the user or password). The
 * pages show it (components/MissingDatabase.tsx, and proxy.ts's 503 below), the JSON and CSV twins as a JSON error.
 */
export function unreachableText(server: string) {
  return {
    title: "无法连接数据库服务器",
    lines: [`数据库服务器 ${server} 没有响应，暂时无法显示数据。`, "请确认 PostgreSQL 正在运行、环境变量 DATABASE_URL 中的主机和端口无误，稍后刷新本页。"],
    english: `The database server ${server} cannot be reached (DATABASE_URL). Please try again later.`,
  };
}

/** The JSON error of a data route (503) while the server cannot be reached. */
export function unreachableJson(server: string) {
  return { error: "database server unreachable", server, hint: "start PostgreSQL or fix the host and port of DATABASE_URL" };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The 503 page proxy.ts answers a page request with: plain HTML, no script, its own policy and the security headers. */
export function unreachablePageResponse(server: string): Response {
  const { title, lines, english } = unreachableText(server);
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · 年报 Nianbao</title></head>
<body><main class="page"><h1>${title}</h1><div class="notice" role="status">${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("")}<p lang="en">${escapeHtml(english)}</p></div></main></body></html>
`;
  return new Response(body, {
    status: 503,
    headers: [
      ["Content-Type", "text/html; charset=utf-8"],
      ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"],
      ["Cache-Control", "no-store"],
      ["Retry-After", "10"],
      ...SECURITY_HEADERS.map(({ key, value }): [string, string] => [key, value]),
    ],
  });
}
