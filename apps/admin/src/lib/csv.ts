import type { StatsOverview } from './api-types';

/**
 * One CSV field: quoted when it holds a separator, quote or line break (RFC 4180), and prefixed
 * with `'` when it starts like a spreadsheet formula, so opening the file never runs one.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (cells: (string | number)[]) => cells.map(csvField).join(',');

/**
 * The statistics as CSV: the totals, one row per period, then one row per message type, each
 * block with its header (seed §6.1.3 field names).
 */
export function statsCsv(o: StatsOverview): string {
  const lines = [
    row([
      'startDate',
      'endDate',
      'groupBy',
      'total',
      'delivered',
      'read',
      'readRate',
      'deliveryRate',
      'avgReadTime',
    ]),
    row([
      o.startDate,
      o.endDate,
      o.groupBy,
      o.total,
      o.delivered,
      o.read,
      o.readRate,
      o.deliveryRate,
      o.avgReadTime,
    ]),
    '',
    row(['date', 'total', 'delivered', 'read', 'readRate', 'deliveryRate']),
    ...o.dailyStats.map((d) =>
      row([d.date, d.total, d.delivered, d.read, d.readRate, d.deliveryRate]),
    ),
    '',
    row(['messageType', 'count', 'delivered', 'read', 'readRate']),
    ...o.typeStats.map((t) => row([t.messageType, t.count, t.delivered, t.read, t.readRate])),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Offers `text` as a file download in the browser. */
export function downloadText(
  fileName: string,
  text: string,
  type = 'text/csv;charset=utf-8',
): void {
  // The BOM lets spreadsheet programs read UTF-8 (CJK titles) correctly.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
