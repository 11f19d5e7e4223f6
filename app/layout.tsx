import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { type ReactNode, Suspense } from "react";
import { Citation } from "@/components/Citation";
import "./globals.css";
import "./tables.css";
import "./flags.css";
import "./words.css";

export const metadata: Metadata = {
  title: { default: "年报 Nianbao", template: "%s · 年报 Nianbao" },
  description: "政府信息公开工作年度报告数据比对",
  openGraph: { siteName: "年报 Nianbao", locale: "zh_CN", type: "website" },
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#b8322a",
};

const NAV = [
  { href: "/", label: "概览" },
  { href: "/agencies", label: "机关" },
  { href: "/compare", label: "比较" },
  { href: "/coverage", label: "覆盖" },
  { href: "/search", label: "全文检索" },
  { href: "/methodology", label: "方法说明" },
];

/**
 * Rendered per request, the not-found page included: each response's scripts carry that request's CSP nonce
 * (proxy.ts), which a page prerendered at build time could not have.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="zh-CN">
      <body>
        <a className="skip-link" href="#content">
          跳到正文
        </a>
        <header className="site">
          <Link href="/" className="brand">
            年报 <span className="latin">Nianbao</span>
          </Link>
          <nav aria-label="主导航">
            {NAV.map((item) => (
              <Link key={item.href} href={item.href}>
                {item.label}
              </Link>
            ))}
          </nav>
        </header>
        <div id="content" tabIndex={-1}>
          {children}
        </div>
        <footer className="site">
          <Suspense>
            <Citation />
          </Suspense>
        </footer>
      </body>
    </html>
  );
}
