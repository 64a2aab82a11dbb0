/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and says where the server's time went, per
 * message: the top functions by self time, and every sample charged to the innermost server
 * layer on its stack (`store`, `realtime`, `transport`, `services`, …), so a native call such as
 * a socket write or an SQLite commit counts for the layer that made it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time that was not idle, in µs. */
  busyUs: number;
  /** [label, µs] by function self time, largest first. */
  functions: [string, number][];
  /** [layer, µs] by innermost server layer on the stack, largest first. */
  layers: [string, number][];
}

const SERVER_SRC = /packages\/server\/src\/([^/]+)\//;

/** Where a frame's code lives, shortened for a table: `store/sqlite/messages.ts`, `nm/superjson`, `(native)`. */
function placeOf(url: string): string {
  const server = /packages\/server\/src\/(.*)$/.exec(url);
  if (server) return server[1]!;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `nm/${pkg[1]!}`;
  return url.startsWith('node:') ? url : url ? 'other' : '(native)';
}

/** Summarises one profile (top `n` rows of each table). */
export function summariseProfile(file: string, n = 30): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const functions = new Map<string, number>();
  const layers = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    busyUs += us;
    const label = `${frame.functionName || '(anonymous)'} ${placeOf(frame.url)}`;
    functions.set(label, (functions.get(label) ?? 0) + us);
    // The innermost server layer on the stack owns the sample; else the outermost package or node.
    let layer: string | null = null;
    let outer = placeOf(frame.url);
    for (let at: number | undefined = id; at !== undefined && layer === null; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      const m = SERVER_SRC.exec(url);
      if (m) layer = m[1]!;
      else if (url) outer = placeOf(url);
    }
    if (frame.functionName === '(garbage collector)') layer = '(garbage collector)';
    const key = layer ?? `outside the server: ${outer}`;
    layers.set(key, (layers.get(key) ?? 0) + us);
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { busyUs, functions: top(functions), layers: top(layers) };
}

/** The summary as text, per message when `messages` is given. */
export function formatProfileSummary(s: ProfileSummary, messages: number): string {
  const per = (us: number) => `${(us / Math.max(1, messages)).toFixed(1).padStart(7)} µs/msg ${((100 * us) / Math.max(1, s.busyUs)).toFixed(1).padStart(5)} %`;
  return [
    `busy ${(s.busyUs / 1000).toFixed(0)} ms sampled, ${(s.busyUs / Math.max(1, messages)).toFixed(1)} µs per accepted message (includes start-up and connection set-up)`,
    'by layer (innermost server folder on the stack):',
    ...s.layers.map(([k, us]) => `  ${per(us)}  ${k}`),
    'by function (self time):',
    ...s.functions.map(([k, us]) => `  ${per(us)}  ${k}`),
  ].join('\n');
}
