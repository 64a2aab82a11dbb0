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
 * Replaces (or appends) the section of BENCHMARKS.md for `scenario` with `markdown`, stamped
 * with the date and machine.
 */
export function writeSection(scenario: string, title: string, markdown: string): void {
  const start = `<!-- bench:${scenario}:start -->`;
  const end = `<!-- bench:${scenario}:end -->`;
  const body = `${start}\n## ${title}\n\n_Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}._\n\n${markdown.trim()}\n${end}`;
  let doc = existsSync(FILE)
    ? readFileSync(FILE, 'utf8')
    : '# Benchmarks\n\nProduced by `npm run bench -- <scenario>`; each scenario measures its baseline in the same run. Figures are medians over runs; ratios compare against the baseline of the same run.\n';
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  doc = re.test(doc) ? doc.replace(re, body) : `${doc.trimEnd()}\n\n${body}\n`;
  writeFileSync(FILE, doc);
  console.log(`\n${markdown.trim()}\n\n(written to BENCHMARKS.md)`);
}

/** A markdown table from a header and rows. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
