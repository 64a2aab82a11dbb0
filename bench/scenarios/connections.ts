/**
 * `connections`: server memory per authenticated, subscribed `realtime.events` connection vs a
 * raw `ws` server holding the same number of plain sockets, clients in a separate process. The
 * product runs twice per run: with its own WebSocket handler and with `@trpc/server`'s stock
 * `applyWSSHandler` (keep-alive on), everything else identical.
 */
import type { ScenarioArgs } from '../run.js';
import { median, table, writeSection } from '../report.js';
import { ask, rssOf, startClients, startProductServer, startRawServer, type Started } from '../lib/processes.js';

async function measure(server: Started, mode: 'mc' | 'raw', count: number): Promise<{ perConnection: number; openMs: number }> {
  const clients = startClients();
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const before = rssOf(server.child.pid!);
    const opened = await ask<{ count: number; ms: number }>(clients, { type: 'open', url: `ws://127.0.0.1:${server.port}${mode === 'mc' ? '/trpc' : ''}`, mode, count }, 'opened');
    await new Promise((r) => setTimeout(r, 3000));
    const after = rssOf(server.child.pid!);
    await ask(clients, { type: 'close' }, 'closed');
    return { perConnection: (after - before) / opened.count, openMs: opened.ms };
  } finally {
    clients.kill('SIGKILL');
  }
}

export default async function connections(args: ScenarioArgs): Promise<void> {
  const count = Number(args.flags.clients ?? 10_000);
  const rows: { mc: number; stock: number; raw: number; openMs: number; stockOpenMs: number }[] = [];
  for (let run = 0; run < args.runs; run++) {
    const raw = await startRawServer();
    const rawResult = await measure(raw, 'raw', count).finally(() => raw.stop());
    const mc = await startProductServer();
    const mcResult = await measure(mc, 'mc', count).finally(() => mc.stop());
    const stock = await startProductServer([], 'stock');
    const stockResult = await measure(stock, 'mc', count).finally(() => stock.stop());
    rows.push({ mc: mcResult.perConnection, stock: stockResult.perConnection, raw: rawResult.perConnection, openMs: mcResult.openMs, stockOpenMs: stockResult.openMs });
    console.log(`run ${run + 1}: message center ${(mcResult.perConnection / 1024).toFixed(1)} KiB/conn, stock tRPC handler ${(stockResult.perConnection / 1024).toFixed(1)} KiB/conn, raw ws ${(rawResult.perConnection / 1024).toFixed(1)} KiB/conn`);
  }
  const mc = median(rows.map((r) => r.mc));
  const stock = median(rows.map((r) => r.stock));
  const raw = median(rows.map((r) => r.raw));
  // Each run is compared with the baseline of the same run.
  const ratios = rows.map((r) => r.mc / r.raw);
  const ratio = median(ratios);
  const stockRatios = rows.map((r) => r.stock / r.raw);
  const stockRatio = median(stockRatios);
  const vsStock = rows.map((r) => r.mc / r.stock);
  writeSection(
    'connections',
    `connections: ${count.toLocaleString('en')} subscribed clients`,
    `${table(
      ['server', 'RSS per connection', 'ratio', 'goal'],
      [
        ['raw `ws` (plain sockets)', `${(raw / 1024).toFixed(1)} KiB`, '1.00×', ''],
        ['Message Center with `@trpc/server` `applyWSSHandler` (keep-alive on)', `${(stock / 1024).toFixed(1)} KiB`, `${stockRatio.toFixed(2)}× (median of per-run ratios ${stockRatios.map((r) => r.toFixed(2)).join(', ')})`, ''],
        ['Message Center (JWT auth + `realtime.events` subscription)', `${(mc / 1024).toFixed(1)} KiB`, `${ratio.toFixed(2)}× (median of per-run ratios ${ratios.map((r) => r.toFixed(2)).join(', ')})`, `≤ 3× — ${ratio <= 3 ? 'met' : 'missed'}`],
      ],
    )}\n\nMedian of ${args.runs} runs; RSS of the server process after all clients are connected minus before, divided by the connections. Clients run in a separate process. Own handler / stock handler, per run: ${vsStock.map((r) => r.toFixed(2)).join(', ')} (median ${median(vsStock).toFixed(2)}×). Time to connect and subscribe all: ${(median(rows.map((r) => r.openMs)) / 1000).toFixed(1)} s (stock handler ${(median(rows.map((r) => r.stockOpenMs)) / 1000).toFixed(1)} s).`,
  );
}
