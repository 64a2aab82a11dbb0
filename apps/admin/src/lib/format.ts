/** `YYYY-MM-DD` of a date in the browser's time zone. */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `YYYY-MM-DD` of `days` days before today. */
export function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return isoDay(d);
}

/** A 0..1 ratio as a percentage with one decimal. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Seconds as a short human duration (`42s`, `3m 05s`, `2h 10m`). */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A date/time for tables, in the browser's locale. */
export function dateTime(d: Date | string | null | undefined, locale: string): string {
  if (!d) return '';
  return new Date(d).toLocaleString(locale);
}

/** Value for an `<input type="datetime-local">` → Date (undefined when empty). */
export function fromLocalInput(value: string): Date | undefined {
  return value ? new Date(value) : undefined;
}
