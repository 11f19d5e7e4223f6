import { Worker } from "node:worker_threads";
import { DEFAULT_MAX_FILE_MB } from "./file";
import type { JobResult } from "./job";

/**
 * Limits for reading one untrusted file: a file over `maxFileMb` is refused before it is read; past the time
 * or memory limit the worker is ended and the file refused.
 */
export type JobLimits = { timeoutMs: number; maxMemoryMb: number; maxFileMb: number };
export const DEFAULT_LIMITS: JobLimits = { timeoutMs: 60_000, maxMemoryMb: 1024, maxFileMb: DEFAULT_MAX_FILE_MB };

const BOOT = new URL("./worker-boot.mjs", import.meta.url);

/** `idle`: the worker ended between jobs (e.g. out of memory while starting); a new one starts on the next job. */
type Slot = { worker: Worker; busy: boolean; ended: boolean };
type Waiting = { path: string; bytes: Uint8Array; resolve: (result: JobResult) => void };

/**
 * Bytes that own their whole ArrayBuffer, so that moving the buffer to a worker moves nothing else: a Buffer may
 * be a view into a larger buffer (Node's pool of small buffers, a read chunk longer than the file).
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes : new Uint8Array(bytes);
}

/** A fixed number of worker threads parsing files in parallel, each job bounded in time and memory. */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private nextId = 0;

  private readonly limits: JobLimits;

  /** Limits not given are the defaults. */
  constructor(size: number, limits: Partial<JobLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  /**
   * Parses a file's bytes in a worker. The bytes are moved there, not copied (they are unusable here afterwards);
   * a report comes back with them (`result.bytes`), so that what is kept is exactly what was parsed.
   */
  parse(path: string, bytes: Uint8Array): Promise<JobResult> {
    return new Promise((resolve) => {
      this.queue.push({ path, bytes: ownBuffer(bytes), resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  /** Starts a worker into `slot` (a new slot when none is given). */
  private spawn(slot: Slot = { worker: undefined as unknown as Worker, busy: false, ended: false }): Slot {
    const worker = new Worker(BOOT, { resourceLimits: { maxOldGenerationSizeMb: this.limits.maxMemoryMb } });
    worker.unref();
    Object.assign(slot, { worker, ended: false });
    // A job's errors are handled by run(); an error between jobs must not end the whole batch.
    worker.on("error", () => undefined).once("exit", () => {
      if (slot.worker === worker) slot.ended = true;
    });
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
    slot.busy = true;
    const finish = (result: JobResult, broken: boolean) => {
      clearTimeout(timer);
      slot.worker.off("message", onMessage).off("error", onError).off("exit", onExit).unref();
      if (broken) this.replace(slot);
      slot.busy = false;
      job.resolve(result);
      this.dispatch();
    };
    const onMessage = (message: { id: number; result: JobResult }) => {
      if (message.id === id) finish(message.result, false);
    };
    const onError = (error: Error & { code?: string }) => {
      const reason =
        error.code === "ERR_WORKER_OUT_OF_MEMORY" ? `refused: reading it needs more than ${this.limits.maxMemoryMb} MB of memory` : `reader crashed: ${error.message}`;
      finish({ ok: false, path: job.path, reason }, true);
    };
    const onExit = () => finish({ ok: false, path: job.path, reason: "reader stopped unexpectedly" }, true);
    const timer = setTimeout(() => {
      finish({ ok: false, path: job.path, reason: `refused: reading it took longer than ${this.limits.timeoutMs / 1000} s` }, true);
    }, this.limits.timeoutMs);
    slot.worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    slot.worker.ref();
    slot.worker.postMessage({ id, name: job.path, bytes: job.bytes, maxFileMb: this.limits.maxFileMb }, [job.bytes.buffer as ArrayBuffer]);
  }

  private replace(slot: Slot): void {
    void slot.worker.terminate();
    this.spawn(slot);
  }
}
