/** Public API of traces/: the trace document, replay, and the text, DOT, SVG, ITF, kubectl and state-graph renderings. */

export type {
  Actor,
  CloneSetContinuation,
  CloneSetStep,
  CloneSetViolation,
  ContinuationDoc,
  PropertyKind,
  PropertyRef,
  StateSummary,
  TraceDocument,
  TraceInput,
  TraceStepDoc,
} from './document.js';
export { allSteps, fromViolation, serializeTraceDocument, summarize, toTraceDocument, TRACE_FORMAT, TRACE_VERSION } from './document.js';
export type { ParseError, ParseErrorCode, ParseResult } from './parse.js';
export { parseTraceDocument, validateTraceDocument } from './parse.js';
export type { Divergence, DivergenceReason, ReplayResult, ViolationCheck } from './replay.js';
export { describeState, replayTrace } from './replay.js';
export type { FieldChange, FieldGroup } from './diff.js';
export { changedFields, formatChange, strategyText } from './diff.js';
export { legendText, podGlyph, podsSummary, POD_LEGEND } from './notation.js';
export type { TextOptions } from './text.js';
export { renderText } from './text.js';
export type { DotOptions } from './dot.js';
export { renderDot } from './dot.js';
export type { Cell, EdgeView, NodeView, Note, Part, Row, RowKind, TraceView } from './trace-view.js';
export { traceView } from './trace-view.js';
export { renderSvg, renderTraceSvg, svgEngine } from './svg.js';
export type { WriteError, WriteOptions, WriteResult, WrittenFiles } from './write.js';
export { writeTraceFiles } from './write.js';
export type { ItfState, ItfTrace, ItfValue } from './itf.js';
export { ITF_VARS, toItf } from './itf.js';
export { KUBECTL_IMAGE_TAGS, podsExpectation, statusExpectation, toKubectlScript } from './kubectl.js';
export type { ItfIssue, ItfValidation } from './itf-validate.js';
export { validateItf } from './itf-validate.js';
export type { GraphEdge, GraphNode, StateGraphOptions } from './state-graph.js';
export { compactStateLabel, stateGraphDot } from './state-graph.js';
export type { KindCount, Projection, QuotientDotOptions, QuotientEdge, QuotientGraph, QuotientNode } from './quotient.js';
export { actionKindOfLabel, defaultProjection, quotientGraph, quotientGraphDot, revisionProjection } from './quotient.js';
export type { IssueReportOptions } from './issue-report.js';
export { podsInWords, renderIssueReport } from './issue-report.js';
