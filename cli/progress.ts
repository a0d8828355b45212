/**
 * The progress line on stderr during long runs: only on a terminal, a few times a second, erased when done.
 * Off a terminal (CI, pipes) nothing animated is printed.
 */
import type { Progress } from '../checker/index.js';
import { stderrIsTTY, type CommandIo } from './io.js';

export interface ProgressLine {
  readonly onProgress: ((p: Progress) => void) | undefined;
  done(): void;
}

const mib = (bytes: number): string => `${Math.round(bytes / 1048576)} MiB`;

const PROCESS_STDERR: CommandIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  signal: { aborted: false },
};

export function progressLine(label: string, enabled: boolean, io: CommandIo = PROCESS_STDERR): ProgressLine {
  if (!enabled || !stderrIsTTY(io)) return { onProgress: undefined, done: () => undefined };
  let shown = false;
  return {
    onProgress(p) {
      shown = true;
      const phase = p.phase === 'counterexamples' ? ' (counterexamples, one thread)' : '';
      const line = `${label}${phase}: ${p.states.toLocaleString('en-US')} states, ${Math.round(p.statesPerSecond).toLocaleString('en-US')}/s, depth ${p.depth}, queue ${p.queue.toLocaleString('en-US')}, ${p.elapsedSeconds.toFixed(1)} s, ${mib(process.memoryUsage().rss)}`;
      io.stderr(`\r\x1b[2K${line}`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
