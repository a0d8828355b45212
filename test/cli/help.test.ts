/**
 * `--help` is generated from the same tables the parser uses; this checks the generated text against those
 * tables, so a new option cannot be parsed without being documented (with its default and an example).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK } from '../../cli/commands/check.js';
import { EXPORT } from '../../cli/commands/export.js';
import { GRAPH } from '../../cli/commands/graph.js';
import { MERGE } from '../../cli/commands/merge.js';
import { REPLAY } from '../../cli/commands/replay.js';
import { SIMULATE } from '../../cli/commands/simulate.js';
import { SWEEP } from '../../cli/commands/sweep.js';
import { VARIANTS_COMMAND } from '../../cli/commands/variants.js';
import type { CommandSpec } from '../../cli/help.js';
import { ROOT, run } from './helpers.js';

const SPECS: readonly CommandSpec[] = [CHECK, GRAPH, REPLAY, EXPORT, VARIANTS_COMMAND, SWEEP, MERGE];

const shown = (v: unknown): string => (v === null || v === undefined ? 'none' : Array.isArray(v) ? v.join(',') : String(v));

/** The help block of one flag: from its line to the next flag's. */
function block(help: string, flag: string): string {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^  (-\\w, )?${flag}( |$)`).test(l));
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && /^ {2}-/.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe.each(SPECS.map((s) => [s.name, s] as const))('%s --help', (name, spec) => {
  it('exits 0 and prints the help on stdout only', async () => {
    const r = await run([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`cloneset-check ${name} — ${spec.summary}`);
    expect(r.stdout).toContain(`Usage: ${spec.usage}`);
    for (const e of spec.examples) expect(r.stdout).toContain(e);
  });

  it('lists every scenario field with its config key, allowed values, default and an example', async () => {
    const help = (await run([name, '-h'])).stdout;
    for (const f of spec.fields) {
      const b = block(help, `--${f.flag}`);
      expect(b, `--${f.flag}`).not.toBe('');
      expect(b).toContain(`(config: ${f.key})`);
      expect(b).toContain(f.help);
      expect(b).toContain(`allowed: ${f.allowed}`);
      expect(b).toContain(`default: ${shown(f.defaultValue)}`);
      expect(b).toContain(`e.g. --${f.flag} ${f.example}`);
    }
  });

  it('lists every option with its allowed values and default (or "required") and an example', async () => {
    const help = (await run([name, '--help'])).stdout;
    for (const o of spec.options) {
      const b = block(help, `--${o.flag}`);
      expect(b, `--${o.flag}`).not.toBe('');
      if (o.short !== undefined) expect(b).toContain(`-${o.short}, --${o.flag}`);
      expect(b).toContain(o.help);
      expect(b).toContain(`allowed: ${o.allowed}`);
      expect(b).toContain(o.required === true ? '; required' : `default: ${shown(o.defaultValue)}`);
      if (o.example !== '') expect(b).toContain(`e.g. --${o.flag} ${o.example}`);
    }
  });

  it('documents exactly the flags the parser accepts', async () => {
    const help = (await run([name, '--help'])).stdout;
    const documented = [...help.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual([...spec.fields.map((f) => f.flag), ...spec.options.map((o) => o.flag)].sort());
    const unknown = await run([name, '--surely-not-an-option']);
    expect(unknown.code).toBe(2);
  });

  it('lists its positional arguments', async () => {
    const help = (await run([name, '--help'])).stdout;
    for (const a of spec.arguments ?? []) expect(help).toContain(`  ${a.name}\n      ${a.help}`);
  });
});

describe('cloneset-check --help', () => {
  it('lists every command with its summary', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const s of SPECS) expect(r.stdout).toMatch(new RegExp(`^  ${s.name} +${s.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });
});

describe('CLI conventions', () => {
  it('help COMMAND prints exactly what COMMAND --help prints', async () => {
    for (const s of [...SPECS, SIMULATE]) {
      const direct = await run([s.name, '--help']);
      expect(await run(['help', s.name])).toEqual(direct);
      expect(await run(['--help', s.name])).toEqual(direct);
    }
  });

  it('help of an unknown command is bad input naming the commands', async () => {
    const r = await run(['help', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"; allowed: check');
  });

  it('help help and help --help print the general help (they once recursed until the stack overflowed)', async () => {
    const general = await run(['--help']);
    expect(await run(['help', 'help'])).toEqual(general);
    expect(await run(['help', '--help'])).toEqual(general);
  });

  it('--version with an argument is bad input', async () => {
    const r = await run(['--version', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cloneset-check: --version: takes no arguments, got "extra"\n');
  });

  it('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `cloneset-check ${pkg.version}\n`, stderr: '' });
  });
});
