/** Shared helpers for benchmark scenarios: statistics and the BENCHMARKS.md writer. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'BENCHMARKS.md');

/** The value at quantile `q` (0..1) of `values` (nearest-rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** One line describing the machine, for the report header. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node.js ${process.version}`;
}

/**
 * One line of the summary table at the top of BENCHMARKS.md: a scenario's headline figure next
 * to its same-run baseline.
 */
export interface SummaryRow {
  /** What is measured, e.g. "broadcast to 10,000 online users, p99 receive". */
  metric: string;
  /** Message Center's figure, with its unit. */
  product: string;
  /** The baseline's figure from the same run, with what the baseline is. */
  baseline: string;
  /** Product / baseline, e.g. "1.47×"; empty when the two are not comparable. */
  ratio: string;
  /** The target, e.g. "≤ 1.5×", and whether this run met it. */
  goal: string;
  met: boolean | null;
}

const HEADER =
  '# Benchmarks\n\nProduced by `npm run bench -- <scenario>` (`npm run bench -- all` runs every scenario in turn); each scenario measures its baseline in the same run. Figures are medians over runs; ratios compare against the baseline of the same run.\n';
const SUMMARY_START = '<!-- bench:summary:start -->';
const SUMMARY_END = '<!-- bench:summary:end -->';
const ROWS_MARK = /<!-- bench:rows (\[.*?\]) -->/;

/** The command that produced this run (`npm run bench -- <scenario> <flags>`, as invoked). */
const command = (): string => `npm run bench -- ${process.argv.slice(2).join(' ')}`;

/**
 * Replaces (or appends) the section of BENCHMARKS.md for `scenario` with `markdown`, stamped
 * with the date and machine. `summary` rows are kept in the section (as a comment) and the
 * summary table at the top of the file is rebuilt from every section's rows.
 */
export function writeSection(scenario: string, title: string, markdown: string, summary: readonly SummaryRow[] = []): void {
  // `--write no` (any scenario): exploratory and profiling runs print their table only.
  if (process.argv.slice(2).join(' ').includes('--write no')) {
    console.log(`\n${markdown.trim()}\n\n(not written to BENCHMARKS.md: --write no)`);
    return;
  }
  const start = `<!-- bench:${scenario}:start -->`;
  const end = `<!-- bench:${scenario}:end -->`;
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const rows = summary.map((r) => ({ ...r, scenario, command: command(), when }));
  const mark = rows.length ? `<!-- bench:rows ${JSON.stringify(rows).replaceAll('-->', '--\\u003e')} -->\n` : '';
  const body = `${start}\n## ${title}\n\n_Run ${when} UTC on ${machineLine()}._\n\n${markdown.trim()}\n${mark}${end}`;
  let doc = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  doc = re.test(doc) ? doc.replace(re, () => body) : `${doc.trimEnd()}\n\n${body}\n`;
  writeFileSync(FILE, withSummary(doc));
  console.log(`\n${markdown.trim()}\n\n(written to BENCHMARKS.md)`);
}

type StoredRow = SummaryRow & { scenario: string; command: string; when: string };

/** `doc` with its summary table rebuilt from the rows recorded in every section. */
export function withSummary(doc: string): string {
  const rows: StoredRow[] = [];
  for (const line of doc.split('\n')) {
    const m = ROWS_MARK.exec(line);
    if (m?.[1]) rows.push(...(JSON.parse(m[1]) as StoredRow[]));
  }
  const sections = [...doc.matchAll(/<!-- bench:([a-z0-9-]+):start -->/g)].map((m) => m[1]!).filter((n) => n !== 'summary');
  const missing = sections.filter((n) => !rows.some((r) => r.scenario === n));
  const verdict = (r: StoredRow) => (r.met === null ? r.goal : `${r.goal} — ${r.met ? 'met' : 'missed'}`);
  const summary = rows.length
    ? `${SUMMARY_START}\n## Summary\n\nOne line per headline figure; the sections below hold the details, the per-run values and the machine. Every row's baseline ran in the same run as the product.\n\n${table(
        ['scenario', 'metric', 'Message Center', 'baseline (same run)', 'ratio', 'goal', 'run (UTC)', 'command'],
        rows.map((r) => [r.scenario, r.metric, r.product, r.baseline, r.ratio || '—', verdict(r), r.when, `\`${r.command}\``]),
      )}\n${missing.length ? `\nNot in this table yet (last run before it existed; their sections below hold their figures): ${missing.map((n) => `\`${n}\``).join(', ')}.\n` : ''}${SUMMARY_END}`
    : '';
  const re = new RegExp(`${SUMMARY_START}[\\s\\S]*?${SUMMARY_END}\\n*`);
  const without = doc.replace(re, '');
  if (!summary) return without;
  // Right after the header paragraph, before the first section.
  const first = without.indexOf('<!-- bench:');
  return first < 0 ? `${without.trimEnd()}\n\n${summary}\n` : `${without.slice(0, first)}${summary}\n\n${without.slice(first)}`;
}

/** A markdown table from a header and rows. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
