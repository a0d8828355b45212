/**
 * The rows of docs/findings.md that take minutes per variant: the command line of each (as the findings
 * give it) and what the explorer found — states per variant, and per property 'holds' or the length of its
 * shortest counterexample. Checked by long-rows.test.ts (`npm run test:slow`).
 */

export type Verdict = number | 'holds';
type Variant = 'pre-fix' | 'upstream' | 'proposed';

export interface LongRow {
  readonly name: string;
  readonly flags: readonly string[];
  readonly variants: Partial<Record<Variant, { readonly states: number; readonly verdicts: Readonly<Record<string, Verdict>> }>>;
}

/** The default properties' verdicts: canary-respected, promotion-sound, surge-bound, availability-floor, then the rest. */
function all(
  canary: Verdict,
  promotion: Verdict,
  floor: Verdict,
  more: { surge?: Verdict; deadlock?: Verdict; converges?: Verdict } = {},
): Record<string, Verdict> {
  return {
    'canary-respected': canary,
    'promotion-sound': promotion,
    'surge-bound': more.surge ?? 'holds',
    'availability-floor': floor,
    'well-formed': 'holds',
    'no-deadlock': more.deadlock ?? 'holds',
    converges: more.converges ?? 'holds',
  };
}

/**
 * Three variants with #1545's verdicts (pre-fix 7 and 4 steps, upstream 8 and 5, proposed holds) and pre-fix's and
 * upstream's floor verdict; proposed holds availability-floor (its deleteReadyLimit fix, docs/findings.md).
 */
function rows1545(
  states: readonly [number, number, number],
  floor: Verdict,
  more: { surge?: Verdict; deadlock?: Verdict; converges?: Verdict } = {},
): LongRow['variants'] {
  return {
    'pre-fix': { states: states[0], verdicts: all(7, 4, floor, more) },
    upstream: { states: states[1], verdicts: all(8, 5, floor, more) },
    proposed: { states: states[2], verdicts: all('holds', 'holds', 'holds', more) },
  };
}

const B = ['--max-replicas', '5', '--partitions', '0,1,50%,100%', '--partition-changes', '1'];
const D = ['--templates', '3', '--rollouts', '2', '--max-replicas', '3', '--partitions', '0,50%', '--partition-changes', '1'];
const U5 = ['--user-marks', '1', '--pod-failures', '1', '--preparing-ready', 'true'];
const FC = ['--free-choices', 'true'];
/** Row L6's bounds (a partition rollback with in-place updates) with the given lifecycle hooks. */
const L6 = (hooks: string): string[] => [
  '--update-policy',
  'InPlaceIfPossible',
  '--lifecycle-hooks',
  hooks,
  '--rollback-gate',
  'true',
  '--partitions',
  '50%,100%',
  '--partition-changes',
  '1',
];
const CANARY_PROMOTION = ['--controller', 'proposed', '--property', 'canary-respected', '--property', 'promotion-sound'];

/**
 * A lifecycle-hook row: upstream's handling fails under pre-fix and upstream; proposed's hook fixes hold, and so does its
 * availability-floor (docs/findings.md).
 */
function hookRow(states: readonly [number, number, number], floor: Verdict, surge: Verdict, deadlock: Verdict, converges: Verdict) {
  const old = { surge, deadlock, converges };
  return {
    'pre-fix': { states: states[0], verdicts: all(7, 4, floor, old) },
    upstream: { states: states[1], verdicts: all(8, 5, floor, old) },
    proposed: { states: states[2], verdicts: all('holds', 'holds', 'holds', { surge }) },
  };
}

export const LONG_ROWS: readonly LongRow[] = [
  {
    name: 'L1',
    flags: ['--lifecycle-hooks', 'preDelete'],
    variants: hookRow([1_051_004, 884_294, 852_545], 11, 'holds', 'holds', 'holds'),
  },
  {
    name: 'L4',
    flags: ['--update-policy', 'InPlaceIfPossible', '--lifecycle-hooks', 'both'],
    variants: hookRow([1_682_840, 1_214_123, 1_269_247], 'holds', 'holds', 12, 3),
  },
  {
    name: 'L6b',
    flags: L6('both'),
    variants: hookRow([5_638_944, 4_156_655, 4_533_684], 'holds', 'holds', 11, 3),
  },
  {
    name: 'L5',
    flags: ['--lifecycle-hooks', 'preDelete', '--exclude-preparing-delete', 'true'],
    variants: hookRow([4_748_646, 4_572_283, 3_857_759], 11, 5, 'holds', 'holds'),
  },
  { name: 'B-fc', flags: [...B, ...FC], variants: rows1545([3_526_489, 2_878_962, 2_846_716], 11) },
  { name: 'D-fc', flags: [...D, ...FC], variants: rows1545([2_354_280, 1_744_592, 1_668_348], 10) },
  {
    name: 'F-fc',
    flags: [...B, '--update-policy', 'InPlaceIfPossible', ...FC],
    variants: rows1545([2_471_068, 1_893_525, 1_874_233], 'holds'),
  },
  { name: 'U5', flags: U5, variants: rows1545([13_716_266, 10_760_795, 10_659_168], 6) },
  {
    name: 'U6',
    flags: [...U5, '--update-policy', 'InPlaceIfPossible', '--in-place-kubelet', 'true'],
    variants: rows1545([14_081_278, 10_150_576, 10_049_932], 'holds'),
  },
  {
    name: 'BS',
    flags: [...B, '--stale-reads', '1', ...CANARY_PROMOTION],
    variants: { proposed: { states: 17_643_391, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds' } } },
  },
  {
    name: 'SWE',
    flags: ['--stale-reads', '1', '--status-write-failures', '1', '--expectations', 'upstream', ...CANARY_PROMOTION],
    variants: { proposed: { states: 13_785_892, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds' } } },
  },
  {
    // One failing pod write per run, proposed's proof (its stopsAfterFailedDelete: docs/findings.md, "Failing pod writes").
    name: 'B-P1',
    flags: [...B, '--pod-write-failures', '1', '--controller', 'proposed'],
    variants: { proposed: { states: 9_820_108, verdicts: all('holds', 'holds', 'holds') } },
  },
  {
    // Row L6 with a failing pod write: before stopsAfterFailedDelete, proposed failed canary-respected here in 11 steps.
    name: 'L6-P1',
    flags: [...L6('inPlaceUpdate'), '--pod-write-failures', '1', '--controller', 'proposed'],
    variants: { proposed: { states: 3_313_405, verdicts: all('holds', 'holds', 'holds') } },
  },
  {
    // progressDeadlineSeconds with a stale read (session 30): the conditions' times ranked (condition-order.ts).
    name: 'PDA',
    flags: ['--progress-deadline', 'true', '--stale-reads', '1'],
    variants: {
      'pre-fix': { states: 8_274_807, verdicts: { ...all(8, 5, 12), 'deadline-from-progress': 4 } },
      upstream: { states: 5_673_417, verdicts: { ...all(9, 5, 12), 'deadline-from-progress': 4 } },
      proposed: { states: 4_005_552, verdicts: { ...all('holds', 'holds', 'holds'), 'deadline-from-progress': 'holds' } },
    },
  },
  {
    // examples/realistic.yaml: every issue #14 option at once (not pod-write failures); 58–88 million states a variant, most of the hour.
    name: 'R',
    flags: ['--config', 'examples/realistic.yaml'],
    variants: {
      'pre-fix': { states: 87_609_915, verdicts: all(12, 7, 9) },
      upstream: { states: 69_617_308, verdicts: all(15, 8, 9) },
      proposed: { states: 58_181_922, verdicts: all('holds', 'holds', 'holds') },
    },
  },
];
