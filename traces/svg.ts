/**
 * DOT to SVG in-process, with no system Graphviz and no child process: @viz-js/viz bundles a current
 * Graphviz as WASM. (graphviz-cli's bundled build, Graphviz 5 from viz.js 3.7, cannot lay out HTML-like
 * labels — aduh95/viz.js#29 — which the trace tables need, so it is not used.)
 */
import { instance, type Viz } from '@viz-js/viz';
import type { TraceDocument } from './document.js';
import { renderDot, type DotOptions } from './dot.js';

let viz: Promise<Viz> | undefined;

/** Loads the WASM module once; the first call pays for it. */
export function svgEngine(): Promise<Viz> {
  viz ??= instance();
  return viz;
}

/** Render DOT as it is. Graphviz's warnings are dropped; errors throw. */
export async function renderSvg(dot: string): Promise<string> {
  const result = (await svgEngine()).render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    throw new Error(
      result.errors
        .filter((e) => e.level === 'error')
        .map((e) => e.message.trim())
        .join('; ') || 'Graphviz failed',
    );
  }
  return result.output;
}

/** The trace diagram as SVG. */
export async function renderTraceSvg(doc: TraceDocument, opts: DotOptions = {}): Promise<string> {
  return renderSvg(renderDot(doc, opts));
}
