/** SVG through the bundled WASM Graphviz: it renders, it names the property, and it is fast. */
import { describe, expect, it } from 'vitest';
import { toTraceDocument } from '../../traces/document.js';
import { renderSvg, renderTraceSvg } from '../../traces/svg.js';
import { issue1545Doc, issue1545Trace, svgText } from './fixtures.js';

describe('SVG rendering', () => {
  it('renders the #1545 trace with the property name and every step', async () => {
    const doc = issue1545Doc();
    const svg = await renderTraceSvg(doc);
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('</svg>');
    expect(svgText(svg)).toContain('promotion-sound');
    expect(svgText(svg)).toContain(`step ${doc.steps.length - 1}`);
    // The engine did not fall back to bare node names (what a failed label looks like).
    expect(svg).not.toMatch(/>s\d+<\/text>/);
  });

  it('reports invalid DOT as an error', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow();
  });

  // Its speed is measured by npm run bench, not here.
  it('renders a 15-step trace with every step', async () => {
    const t = issue1545Trace('upstream');
    const doc = toTraceDocument({
      scenario: t.scenario,
      steps: t.steps.slice(0, 15),
      property: { name: 'canary-respected', kind: 'step', message: 'fifteen steps' },
    });
    const svg = await renderTraceSvg(doc);
    expect(svgText(svg)).toContain('canary-respected');
    expect(svgText(svg)).toContain('step 14');
  });
});
