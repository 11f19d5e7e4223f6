import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { DEFAULT_MAX_FILE_MB } from "../ingest/file";
import type { JobResult } from "./job";
import { READER_BOOT, readerScript } from "./reader-script";
import { residentMb } from "./resident";

/**
 * Limits for reading one untrusted file: a file over `maxFileMb` is refused before it is read; past the time
 * or memory limit the reader is ended and the file refused. A scan read by OCR has `ocrTimeoutMs` from the moment
 * its reader says it starts OCR (OCR takes seconds a page where a text layer takes milliseconds).
 */
export type JobLimits = { timeoutMs: number; ocrTimeoutMs: number; maxMemoryMb: number; maxFileMb: number };
export const DEFAULT_LIMITS: JobLimits = { timeoutMs: 60_000, ocrTimeoutMs: 600_000, maxMemoryMb: 1024, maxFileMb: DEFAULT_MAX_FILE_MB };

/** How often a busy reader's resident memory is read. */
const MEMORY_SAMPLE_MS = 25;
/** The end of a reader's stderr kept to tell why it ended (V8 prints "heap out of memory" there). */
const STDERR_TAIL = 4096;

/**
 * The V8 flags of a pool's readers. The heap is bounded, so that a heap that grows fast fails with a clear error before
 * the next memory sample. A young generation of 32 MB semi-spaces: pdf.js allocates much short-lived garbage, and fewer
 * scavenges cut a reader's CPU by a tenth. When the readers are as many as the cores, each runs single-threaded: V8's
 * helper threads (concurrent GC and compilation) then only take CPU from the other readers; with a core to spare
 * they are left on. Measured on 240 PDFs, 2 cores (BENCHMARKS.md, 2026-12-04): 2 jobs 21.5 → 27.1 reports/s.
 */
export function readerFlags(size: number, maxMemoryMb: number, cores = availableParallelism()): string[] {
  const flags = [`--max-old-space-size=${maxMemoryMb}`, "--max-semi-space-size=32"];
  return size >= cores ? [...flags, "--single-threaded"] : flags;
}

/** `ended`: the reader exited between jobs (e.g. out of memory while starting); a new one starts on the next job. */
type Slot = { child: ChildProcess; busy: boolean; ended: boolean; stderr: string };
type Waiting = { path: string; bytes: Uint8Array; resolve: (result: JobResult) => void };
/** A job's result, or word that the reader has started OCR (`ocr`: the page count). */
type Reply = { id: number; result: JobResult } | { id: number; ocr: number };

/**
 * A fixed number of reader processes parsing files in parallel, each job bounded in time and in memory. Processes,
 * not worker threads: a reader's buffers (the file, inflated streams, pdf.js's typed arrays) live outside the V8
 * heap that a thread's resourceLimits bound, and all threads share one resident size; a process's own resident
 * size is read from outside it, whatever it is doing, and the process is ended past the limit.
 */
export class ReaderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private nextId = 0;

  private readonly limits: JobLimits;
  private readonly flags: string[];
  /** What each reader process runs, through reader-boot.mjs: the compiled readers (lib/pipeline/reader-script.ts). */
  private readonly script: string;

  /**
   * Starts `size` reader processes, which stay and read one file after another; one is replaced only when it ends
   * (a time or memory limit, a crash). Limits not given are the defaults.
   */
  constructor(size: number, limits: Partial<JobLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.script = readerScript();
    this.flags = readerFlags(Math.max(1, size), this.limits.maxMemoryMb);
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  /**
   * The report read from a file's bytes in a reader process (they are copied there), with these same bytes
   * (`result.bytes`); its sha256, taken by the reader, is theirs.
   */
  report(path: string, bytes: Uint8Array): Promise<JobResult> {
    return new Promise((resolve) => {
      this.queue.push({ path, bytes, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.stop(slot.child)));
  }

  /** Starts a reader into `slot` (a new slot when none is given). */
  private spawn(slot: Slot = { child: undefined as unknown as ChildProcess, busy: false, ended: false, stderr: "" }): Slot {
    const child = fork(READER_BOOT, [this.script], {
      execArgv: this.flags,
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    Object.assign(slot, { child, ended: false, stderr: "" });
    child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      if (slot.child === child) slot.stderr = (slot.stderr + text).slice(-STDERR_TAIL);
    });
    // A job's errors are handled by run(); an error between jobs must not end the whole batch.
    child
      .on("error", () => undefined)
      .once("exit", () => {
        if (slot.child === child) slot.ended = true;
      });
    idle(child);
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      const job = !slot.busy ? this.queue.shift() : undefined;
      if (job) this.run(slot, job);
    }
  }

  private run(slot: Slot, job: Waiting): void {
    if (slot.ended) this.spawn(slot);
    const id = this.nextId++;
    const { child } = slot;
    slot.busy = true;
    const finish = (result: JobResult, broken: boolean) => {
      clearTimeout(timer);
      clearInterval(watch);
      child.off("message", onMessage).off("close", onClose);
      if (broken) this.replace(slot);
      else idle(child);
      slot.busy = false;
      job.resolve(result);
      this.dispatch();
    };
    const refuse = (reason: string) => finish({ ok: false, path: job.path, reason }, true);
    const onMessage = (message: Reply) => {
      if (message.id !== id) return;
      if ("ocr" in message) {
        // OCR gets its own, longer limit from now on.
        clearTimeout(timer);
        timer = setTimeout(() => refuse(`refused: reading it by OCR took longer than ${this.limits.ocrTimeoutMs / 1000} s`), this.limits.ocrTimeoutMs);
        return;
      }
      finish(message.result.ok ? { ...message.result, bytes: job.bytes } : message.result, false);
    };
    // "close", not "exit": by then the reader's stderr has been read to its end.
    const onClose = () => refuse(/heap out of memory/i.test(slot.stderr) ? this.memoryReason(null) : "reader stopped unexpectedly");
    let timer = setTimeout(() => refuse(`refused: reading it took longer than ${this.limits.timeoutMs / 1000} s`), this.limits.timeoutMs);
    const watch = setInterval(() => {
      const resident = child.pid === undefined ? null : residentMb(child.pid);
      if (resident !== null && resident > this.limits.maxMemoryMb) refuse(this.memoryReason(resident));
    }, MEMORY_SAMPLE_MS);
    child.on("message", onMessage).on("close", onClose);
    busy(child);
    child.send({ id, name: job.path, bytes: job.bytes, maxFileMb: this.limits.maxFileMb });
  }

  private memoryReason(residentMb: number | null): string {
    const held = residentMb === null ? "" : ` (the reader held ${residentMb} MB resident)`;
    return `refused: reading it needs more than ${this.limits.maxMemoryMb} MB of memory${held}`;
  }

  private replace(slot: Slot): void {
    void this.stop(slot.child);
    this.spawn(slot);
  }

  /** Ends a reader at once (it may be stuck in a loop or swapping) and waits for it to be gone. */
  private stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      // Referenced again, so that the process waits for the exit it awaits.
      child.ref();
      child.kill("SIGKILL");
    });
  }
}

/** An idle reader does not keep the parent running; a busy one does. */
function idle(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
}

function busy(child: ChildProcess): void {
  child.ref();
  child.channel?.ref();
}
