/**
 * DOT to SVG in-process, with no system Graphviz and no child process.
 *
 * Two WASM builds of Graphviz can do it. graphviz-cli (a dependency) bundles Graphviz 5 without working
 * HTML-like labels (aduh95/viz.js#29): it can only draw the plain-label dialect. `@viz-js/viz`, when it is
 * installed, is a current Graphviz that draws the HTML-like tables of `dot.ts`; it is loaded optionally,
 * so this module works with either and `renderTraceSvg` picks the dialect the engine can draw.
 * graphviz-cli renders in a worker thread that is unref'd while idle, so it never keeps the process alive.
 */
import { renderGraphFromSource } from 'graphviz-cli';
import type { TraceDocument } from './document.js';
import { renderDot, type DotOptions } from './dot.js';
import { renderPlainDot } from './dot-plain.js';

export interface SvgEngine {
  readonly name: '@viz-js/viz' | 'graphviz-cli';
  /** Whether the engine draws HTML-like labels (`renderDot`); if not, only `renderPlainDot` output. */
  readonly htmlLabels: boolean;
  render(dot: string): Promise<string>;
}

/** The part of @viz-js/viz's API used here (it is optional, so its types may be absent). */
interface VizModule {
  instance(): Promise<{ renderString(input: string, options: { format: 'svg'; engine: 'dot' }): string }>;
}

const GRAPHVIZ_CLI: SvgEngine = {
  name: 'graphviz-cli',
  htmlLabels: false,
  render: (dot) => renderGraphFromSource({ input: dot }, { format: 'svg', engine: 'dot' }),
};

function notInstalled(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (module|package)|Failed to load url/i.test(message);
}

async function loadVizJs(): Promise<SvgEngine | null> {
  // A variable specifier keeps the type checker and bundlers from requiring the optional package.
  const specifier = '@viz-js/viz';
  let mod: VizModule;
  try {
    mod = (await import(specifier)) as VizModule;
  } catch (e) {
    if (notInstalled(e)) return null;
    throw e;
  }
  const viz = await mod.instance();
  return { name: '@viz-js/viz', htmlLabels: true, render: async (dot) => viz.renderString(dot, { format: 'svg', engine: 'dot' }) };
}

let engine: Promise<SvgEngine> | undefined;

/** The best engine available, loaded once. */
export function svgEngine(): Promise<SvgEngine> {
  engine ??= loadVizJs().then((e) => e ?? GRAPHVIZ_CLI);
  return engine;
}

/** Render DOT as it is; the caller is responsible for a dialect the engine can draw. */
export async function renderSvg(dot: string): Promise<string> {
  return (await svgEngine()).render(dot);
}

/** The trace diagram as SVG, in the richest dialect the available engine draws. */
export async function renderTraceSvg(doc: TraceDocument, opts: DotOptions = {}): Promise<string> {
  const e = await svgEngine();
  return e.render(e.htmlLabels ? renderDot(doc, opts) : renderPlainDot(doc, opts));
}
