import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page">
      <h1>找不到页面</h1>
      <p>没有这个机关、报告或页面。</p>
      <p>
        <Link href="/agencies">浏览全部机关</Link> · <Link href="/">返回概览</Link>
      </p>
    </main>
  );
}
