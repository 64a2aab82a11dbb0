/**
 * Template rendering throughput: the seed's maintenance notice (seed §5.3.1, title + content)
 * rendered by @message-center/templates vs the equivalent LiquidJS template, in the same
 * process and run, with the evaluation budget on (as every render has it). Two paths: compile
 * once + render many (sending), and compile + render each time (the admin console's live preview).
 *
 *   npm run bench -- templates [--runs 5] [--ms 1000]
 */
import { readFileSync } from 'node:fs';
import { Liquid } from 'liquidjs';
import { compile, DEFAULT_BUDGET, render } from '../../packages/templates/src/index.js';
import { CONTENT, TITLE } from '../../packages/templates/test/fixtures/maintenance-notice.js';
import { median, table, writeSection, type SummaryRow } from '../report.js';
import type { ScenarioArgs } from '../run.js';

const LIQUID_TITLE = "系统维护通知 - {{ maintenanceDate | date: '%m月%d日' }}";
const LIQUID_CONTENT = `尊敬的{{ userName }}，

系统将于{{ maintenanceDate | date: '%Y年%m月%d日 %H:%M' }}进行维护升级，
预计耗时{{ duration }}小时。

{% if affectedServices %}
本次维护将影响以下服务：
{% for service in affectedServices %}
- {{ service.name }}：{{ service.description }}
{% endfor %}
{% endif %}

维护期间系统将暂停服务，请您提前做好相关准备。
感谢您的理解与支持！

{% if contactInfo %}
如有疑问，请联系：{{ contactInfo.phone }} 或 {{ contactInfo.email }}
{% endif %}

系统管理员
{{ currentDate | date: '%Y-%m-%d' }}`;

const now = new Date('2024-03-10T01:30:00Z');
const values = {
  userName: '张三',
  maintenanceDate: new Date('2024-03-15T18:00:00Z'),
  duration: 4,
  affectedServices: [
    { name: '设备管理', description: '暂停添加和删除设备' },
    { name: '消息推送', description: '通知可能延迟送达' },
    { name: '数据统计', description: '报表延迟更新' },
  ],
  contactInfo: { phone: '400-123-4567', email: 'ops@example.com' },
};
// The evaluation budget is always on; passing the defaults explicitly says what is measured.
const options = { timeZone: 'Asia/Shanghai', now, budget: DEFAULT_BUDGET };

// Liquid's trimTagRight (non-greedy) drops the line break after each tag; with the block tags at
// the start of their lines that is exactly the standalone-line rule, so both print the same text.
// LiquidJS is given Shanghai's fixed offset (UTC+8, no daylight saving) in minutes rather than the
// zone name: with `timezoneOffset: 'Asia/Shanghai'` it resolves the zone on every date and runs
// about 100× slower, which would flatter us.
const liquid = new Liquid({ trimTagRight: true, greedy: false, timezoneOffset: -480 });
const liquidValues = { ...values, currentDate: now };

type Render = () => string;

const ours = { title: compile(TITLE), content: compile(CONTENT) };
const theirs = { title: liquid.parse(LIQUID_TITLE), content: liquid.parse(LIQUID_CONTENT) };

const paths: Record<string, { ours: Render; liquid: Render }> = {
  'compile once, render (send)': {
    ours: () => render(ours.title, values, options) + render(ours.content, values, options),
    liquid: () => String(liquid.renderSync(theirs.title, liquidValues)) + String(liquid.renderSync(theirs.content, liquidValues)),
  },
  'compile + render (live preview)': {
    ours: () => render(compile(TITLE), values, options) + render(compile(CONTENT), values, options),
    liquid: () =>
      String(liquid.renderSync(liquid.parse(LIQUID_TITLE), liquidValues)) + String(liquid.renderSync(liquid.parse(LIQUID_CONTENT), liquidValues)),
  },
};

/** Renders per second of `fn` over about `ms` milliseconds. */
function throughput(fn: Render, ms: number): number {
  let count = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) sink += fn().length;
    count += 200;
    elapsed = performance.now() - start;
  }
  if (sink === 0) throw new Error('rendered nothing');
  return (count / elapsed) * 1000;
}

export default async function templates({ runs, flags }: ScenarioArgs): Promise<void> {
  const ms = Number(flags.ms ?? 1000);
  for (const [name, path] of Object.entries(paths)) {
    if (path.ours() !== path.liquid()) throw new Error(`${name}: the two engines render different text; the comparison would be unfair`);
  }
  const rows: (string | number)[][] = [];
  const summary: SummaryRow[] = [];
  for (const [name, path] of Object.entries(paths)) {
    // Warm both up so the JIT has settled before anything is timed.
    throughput(path.ours, 300);
    throughput(path.liquid, 300);
    const oursRuns: number[] = [];
    const liquidRuns: number[] = [];
    for (let run = 0; run < runs; run++) {
      // Alternate the order so that neither engine always runs on a warmer (or hotter) CPU.
      if (run % 2 === 0) {
        oursRuns.push(throughput(path.ours, ms));
        liquidRuns.push(throughput(path.liquid, ms));
      } else {
        liquidRuns.push(throughput(path.liquid, ms));
        oursRuns.push(throughput(path.ours, ms));
      }
      console.log(`${name} run ${run + 1}/${runs}: ours ${oursRuns.at(-1)!.toFixed(0)}/s, LiquidJS ${liquidRuns.at(-1)!.toFixed(0)}/s`);
    }
    const [a, b] = [median(oursRuns), median(liquidRuns)];
    const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
    rows.push([name, a.toFixed(0), spread(oursRuns), b.toFixed(0), spread(liquidRuns), `${(a / b).toFixed(2)}×`]);
    // The send path must keep a 10× lead with the evaluation budget on; the preview path
    // (compile included, once per keystroke) only has to beat LiquidJS.
    const leadGoal = name === 'compile once, render (send)' ? 10 : 1;
    summary.push({ metric: `template ${name}, renders/s`, product: a.toFixed(0), baseline: `${b.toFixed(0)} (LiquidJS)`, ratio: `${(a / b).toFixed(2)}×`, goal: leadGoal > 1 ? `≥ ${leadGoal}× LiquidJS` : 'faster than LiquidJS', met: a >= leadGoal * b && a > b });
  }
  const markdown = [
    `Seed §5.3.1 maintenance notice (title + content, 3 affected services, contact info, 3 dates in Asia/Shanghai), one render = title + content, with the evaluation budget on (\`DEFAULT_BUDGET\`). ${runs} runs of ~${ms} ms per engine and path, order alternated; LiquidJS ${liquidVersion()} with \`renderSync\` on the equivalent Liquid template and Shanghai as a fixed offset (\`timezoneOffset: -480\`; with the zone name LiquidJS is ~100× slower); outputs checked identical before timing.`,
    '',
    table(['path', '@message-center/templates renders/s (median)', 'range', 'LiquidJS renders/s (median)', 'range', 'ratio (ours / LiquidJS)'], rows),
  ].join('\n');
  writeSection('templates', 'Templates: seed maintenance notice vs LiquidJS', markdown, summary);
}

function liquidVersion(): string {
  const manifest = readFileSync(new URL('../../node_modules/liquidjs/package.json', import.meta.url), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}
