/**
 * The contract between the runner and the per-kind checkers: a checker reads the vector's `input` (through
 * `Fields`, so every unexpressible value fails with its field named) and returns the model's answer for
 * every field that kind's `expected` may hold. The runner, not the checker, decides what is compared.
 */
import type { Fields } from '../fields.js';

export type Answer = Readonly<Record<string, unknown>>;
export type Checker = (input: Fields) => Answer;
