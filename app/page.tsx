export default function HomePage() {
  return (
    <main className="page">
      <header>
        <h1>
          年报 <span className="latin">Nianbao</span>
        </h1>
        <p className="lead">政府信息公开工作年度报告数据比对：把各级行政机关的年度报告整理成可以相互比较的数据。</p>
      </header>

      <section aria-labelledby="parse-heading">
        <h2 id="parse-heading">如何导入报告</h2>
        <p>目前可以用命令行解析单份报告（文本格式），输出结构化的 JSON：</p>
        <pre>
          <code>npm run parse -- FILE --pretty</code>
        </pre>
        <p>
          例如仓库自带的样本 <code className="path">data/samples/000_b4828625506371c4.txt</code>。解析器支持 2019 年版和 2021
          年版两种表格模板。
        </p>
      </section>
    </main>
  );
}
