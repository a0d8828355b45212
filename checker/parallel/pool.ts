/**
 * The parallel explorer's worker threads and their replies. The protocol is strictly request/reply (one
 * message to each worker, one answer from each), so a reply slot per worker is all the bookkeeping; a
 * worker that fails resolves every pending slot so that the caller sees the error instead of waiting.
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WORKER_MARK } from './protocol.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** The workers, with one pending reply each at a time. */
export class Pool {
  private readonly threads: Worker[] = [];
  private readonly waiting: ((m: FromWorker) => void)[] = [];
  private failure: Error | null = null;

  constructor(n: number) {
    const url = new URL('./worker.js', import.meta.url);
    if (!existsSync(url)) {
      // E.g. running the TypeScript sources directly: a worker cannot load TypeScript.
      throw new Error(`exploreParallel needs its compiled worker ${fileURLToPath(url)}; run it from the JavaScript build (npm run build)`);
    }
    for (let i = 0; i < n; i++) {
      // A larger young generation than a worker's default: fewer scavenges of the model's short-lived
      // states (measured: 4% faster with two workers on TwoPhase N=8).
      const w = new Worker(url, { workerData: WORKER_MARK, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
      w.on('message', (m: FromWorker) => this.deliver(i, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`parallel explorer: worker ${i} exited with code ${code}`));
      });
      this.threads.push(w);
    }
  }

  /** Sends `messages[i]` to worker i and waits for every reply. */
  async all(messages: readonly ToWorker[]): Promise<FromWorker[]> {
    if (this.failure !== null) throw this.failure;
    const replies = messages.map(
      (_, i) =>
        new Promise<FromWorker>((resolve) => {
          this.waiting[i] = resolve;
        }),
    );
    for (let i = 0; i < messages.length; i++) this.threads[i]!.postMessage(messages[i]!);
    const out = await Promise.all(replies);
    if (this.failure !== null) throw this.failure;
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((w) => w.terminate()));
  }

  private deliver(i: number, m: FromWorker): void {
    if (m.type === 'error') {
      const e = new Error(`parallel explorer: worker ${i}: ${m.message}`);
      if (m.stack !== undefined) e.stack = m.stack;
      this.fail(e);
      return;
    }
    const r = this.waiting[i];
    this.waiting[i] = () => {};
    r?.(m);
  }

  private fail(e: Error): void {
    if (this.failure === null) this.failure = e;
    // Unblock `all`: it rethrows the failure once every reply slot is resolved.
    for (let i = 0; i < this.waiting.length; i++) {
      const r = this.waiting[i];
      this.waiting[i] = () => {};
      r?.({ type: 'grown' });
    }
  }
}
