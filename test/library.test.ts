/**
 * The package's public entry point: it exposes what the README's library example uses, and exactly the
 * names listed below, so that adding or dropping one is a deliberate change (update the list here).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as lib from '../index.js';

/** Values (functions, constants, the traces namespace) the entry point exports. */
const VALUES = [
  'ACTION_DOCS',
  'ACTION_KINDS',
  'CLONESET_WEIGHTS',
  'CONTROLLER_VARIANTS',
  'DEFAULT_PROPERTY_NAMES',
  'DEFAULT_SCENARIO',
  'OK',
  'PROPERTY_NAMES',
  'VARIANTS',
  'WITNESS_NAMES',
  'WITNESS_OF',
  'actionLabel',
  'actorOf',
  'applyAction',
  'cloneSetModel',
  'cloneSetProperties',
  'describePod',
  'enabledActions',
  'explore',
  'exploreAsync',
  'exploreParallel',
  'fingerprintState',
  'initialState',
  'isControllerVariant',
  'revName',
  'simulate',
  'traces',
  'viewOf',
  'weightedChooser',
];

/** Types only. */
const TYPES = [
  'Action',
  'ActionBudgets',
  'ActionClass',
  'ActionKind',
  'Actor',
  'CancelSignal',
  'Choice',
  'Chooser',
  'CloneSetModel',
  'CloneSetProperty',
  'CloneSetState',
  'Continuation',
  'ControllerVariant',
  'ExploreOptions',
  'ExploreResult',
  'ExploreStats',
  'Fingerprint',
  'IntOrString',
  'KindWeights',
  'Limit',
  'Model',
  'ModelFactoryRef',
  'ModelOptions',
  'ModelPodUpdatePolicy',
  'Pod',
  'Progress',
  'PromotionInput',
  'PromotionRule',
  'Property',
  'PropertyName',
  'PropertyResult',
  'Scenario',
  'ScenarioView',
  'SimulationCoverage',
  'SimulationFinding',
  'SimulationOptions',
  'SimulationResult',
  'Spec',
  'Status',
  'StatusWriteMode',
  'TraceStep',
  'VariantInfo',
  'Verdict',
  'Violation',
  'VisitedMode',
  'WitnessName',
  'WitnessOutcome',
];

/** index.ts as the compiler sees it: every exported name, types included. */
function declaredExports(): { names: string[]; checker: ts.TypeChecker; symbols: readonly ts.Symbol[] } {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'index.ts');
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
  return { names: symbols.map((s) => s.name).sort(), checker, symbols };
}

describe('library entry point', () => {
  it('checks the default scenario through the public API', () => {
    const r = lib.explore(lib.cloneSetModel({ ...lib.DEFAULT_SCENARIO, controller: 'proposed' }), { properties: ['canary-respected'] });
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(98_003);
    expect(typeof lib.traces.renderText).toBe('function');
  });

  it('simulates the default scenario through the public API: the pre-fix controller breaks canary-respected', async () => {
    const model = lib.cloneSetModel({ ...lib.DEFAULT_SCENARIO, controller: 'pre-fix' });
    const chooser = lib.weightedChooser(model, lib.CLONESET_WEIGHTS);
    const r = await lib.simulate(model, { chooser, seed: 1, runs: 300, steps: 40, properties: ['canary-respected'] });
    expect(r.finding?.violation.property).toBe('canary-respected');
  });

  it('exports exactly the listed values', () => {
    expect(Object.keys(lib).sort()).toEqual([...VALUES].sort());
  });

  it('declares exactly the listed names, and ExploreOptions carries no option only exploreParallel sets', () => {
    const { names, checker, symbols } = declaredExports();
    expect(names).toEqual([...VALUES, ...TYPES].sort());
    const options = symbols.find((s) => s.name === 'ExploreOptions')!;
    const props = checker
      .getDeclaredTypeOfSymbol(checker.getAliasedSymbol(options))
      .getProperties()
      .map((p) => p.name);
    expect(props).toContain('maxStates');
    expect(props).not.toContain('stuckStates');
  });
});
