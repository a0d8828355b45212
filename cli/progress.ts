/**
 * The progress line on stderr during long runs: only on a terminal, a few times a second, erased when done.
 * Off a terminal (CI, pipes) nothing animated is printed.
 */
import type { Progress } from '../checker/index.js';

export interface ProgressLine {
  readonly onProgress: ((p: Progress) => void) | undefined;
  done(): void;
}

const mib = (bytes: number): string => `${Math.round(bytes / 1048576)} MiB`;

export function progressLine(label: string, enabled: boolean): ProgressLine {
  if (!enabled || process.stderr.isTTY !== true) return { onProgress: undefined, done: () => undefined };
  let shown = false;
  return {
    onProgress(p) {
      shown = true;
      const line = `${label}: ${p.states.toLocaleString('en-US')} states, ${Math.round(p.statesPerSecond).toLocaleString('en-US')}/s, depth ${p.depth}, queue ${p.queue.toLocaleString('en-US')}, ${p.elapsedSeconds.toFixed(1)} s, ${mib(process.memoryUsage().rss)}`;
      process.stderr.write(`\r\x1b[2K${line}`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
