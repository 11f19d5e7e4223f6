import { parentPort } from "node:worker_threads";
import { parseFile } from "./job";

/** Parses the files the pool sends, one at a time: `{ id, path }` in, `{ id, result }` out. */
parentPort?.on("message", async ({ id, path }: { id: number; path: string }) => {
  parentPort?.postMessage({ id, result: await parseFile(path) });
});
