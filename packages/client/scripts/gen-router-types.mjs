#!/usr/bin/env node
/**
 * Writes src/generated/router.ts: the server router's procedures with every input and output
 * expanded into plain structural types, so the published declarations need neither the server
 * package, nor zod, nor Node's types. Run after changing the server's API:
 *
 *   node scripts/gen-router-types.mjs          # rewrite the file
 *   node scripts/gen-router-types.mjs --check  # exit 1 when the file is stale (CI)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'src', 'generated', 'router.ts');
const PROBE = join(ROOT, 'src', 'generated', '__probe__.ts');

/**
 * Inputs the server coerces into dates (`z.coerce.date()`) are `unknown` to zod; on the wire they
 * accept a Date or an ISO string. Any other `unknown` in an input fails the generation.
 */
const DATE_INPUT_KEYS = ['expireTime', 'deliverAt', 'startDate', 'endDate'];
/** Fields that hold any JSON value by design (a template variable's default). */
const JSON_VALUE_KEYS = ['default'];

const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
const options = { ...parsed.options, noEmit: true, types: [] };

function programWith(source) {
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === PROBE ? source : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === PROBE || exists(f);
  return ts.createProgram([PROBE], options, host);
}

const HEADER = `import type { AppRouter } from '@message-center/server';
import type { TrackedEnvelope } from '@trpc/server';
type DateKeys = ${DATE_INPUT_KEYS.map((k) => `'${k}'`).join(' | ')};
// A named union (AppCode) would print by its name; rebuilding it through Exclude drops the name.
type U<T> = Exclude<T | '__mc_unalias__', '__mc_unalias__'>;
type Expand<T> = T extends Date ? Date : T extends readonly (infer E)[] ? Expand<U<E>>[] : T extends object ? { [K in keyof T]: Expand<U<T[K]>> } : T;
type ExpandInput<T> = T extends Date ? Date : T extends readonly (infer E)[] ? ExpandInput<U<E>>[] : T extends object ? { [K in keyof T]: K extends DateKeys ? (unknown extends T[K] ? Date | string : ExpandInput<U<T[K]>>) : ExpandInput<U<T[K]>> } : T;
type SubData<T> = T extends AsyncIterable<infer Y, any, any> ? (Y extends TrackedEnvelope<infer D> ? D : Y) : never;
export type __Record = AppRouter['_def']['record'];
export type __Error = AppRouter['_def']['_config']['$types']['errorShape'];
`;

/** Walks the router's record: [path, kind] for every procedure. */
function listProcedures() {
  const program = programWith(HEADER);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(PROBE);
  const alias = file.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === '__Record');
  const found = [];
  const walk = (type, path) => {
    for (const prop of checker.getPropertiesOfType(type)) {
      const t = checker.getTypeOfSymbol(prop);
      const def = t.getProperty('_def');
      const defType = def && checker.getTypeOfSymbol(def);
      const kind = defType?.getProperty('type');
      const record = defType?.getProperty('record');
      if (defType && kind && defType.getProperty('procedure')) {
        found.push([[...path, prop.name], checker.typeToString(checker.getTypeOfSymbol(kind)).replaceAll('"', '')]);
      } else if (record) walk(checker.getTypeOfSymbol(record), [...path, prop.name]);
      else walk(t, [...path, prop.name]);
    }
  };
  walk(checker.getTypeAtLocation(alias.name), []);
  return found;
}

/** A union of literals as source text, members sorted so the output is stable. */
function membersOf(checker, type) {
  const members = type.isUnion() ? type.types : [type];
  if (!members.every((t) => t.isLiteral() || t.flags & ts.TypeFlags.BooleanLiteral)) throw new Error(`${checker.typeToString(type)} is not a union of literals`);
  return members.map((t) => checker.typeToString(t)).sort().join(' | ');
}

function generate(extraNames = []) {
  const procedures = listProcedures();
  if (procedures.length === 0) throw new Error('no procedures found in AppRouter');
  const step = "type Step<T, K extends string> = T extends { _def: { record: infer R } } ? (K extends keyof R ? R[K] : never) : K extends keyof T ? T[K] : never;\n";
  let probe = HEADER + step;
  const aliases = [];
  procedures.forEach(([path, kind], i) => {
    let t = '__Record';
    for (const p of path) t = `Step<${t}, '${p}'>`;
    probe += `type P${i} = ${t}['_def']['$types'];\n`;
    probe += `export type I${i} = ExpandInput<U<P${i}['input']>>;\n`;
    probe += kind === 'subscription' ? `export type O${i} = Expand<U<SubData<P${i}['output']>>>;\n` : `export type O${i} = Expand<U<P${i}['output']>>;\n`;
    aliases.push({ path, kind, i });
  });
  probe += 'export type E = Expand<U<__Error>>;\n';
  probe += "export type A = __Error['data']['appCode'];\n";
  const program = programWith(probe);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(PROBE);
  const diagnostics = ts.getPreEmitDiagnostics(program, file);
  if (diagnostics.length) throw new Error(ts.formatDiagnosticsWithColorAndContext(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  const printer = ts.createPrinter({ removeComments: true });
  const typeText = (name) => {
    const decl = file.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === name);
    const type = checker.getTypeAtLocation(decl.name);
    const flags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias | ts.NodeBuilderFlags.MultilineObjectLiterals | ts.NodeBuilderFlags.IgnoreErrors;
    const node = checker.typeToTypeNode(type, undefined, flags);
    const text = printer.printNode(ts.EmitHint.Unspecified, node, file);
    if (/\bimport\(|__probe__|\bZod|\$Zod/.test(text)) throw new Error(`${name} did not expand to plain types:\n${text.slice(0, 500)}`);
    return text;
  };
  const inputUnknown = (name, text, path) => {
    const bad = [...text.matchAll(/(\w+)\??:\s*unknown\b/g)].map((m) => m[1]).filter((k) => !JSON_VALUE_KEYS.includes(k));
    if (bad.length || text.trim() === 'unknown') throw new Error(`input of ${path.join('.')} has \`unknown\` fields (${bad.join(', ')}); type them on the server or list them here:\n${text}`);
  };

  const out = [];
  out.push('// Generated by scripts/gen-router-types.mjs from the server router. Do not edit by hand.');
  out.push("import type { TRPCBuiltRouter, TRPCDecorateCreateRouterOptions, TRPCMutationProcedure, TRPCQueryProcedure, TRPCSubscriptionProcedure, TRPC_ERROR_CODE_NUMBER } from '@trpc/server';");
  out.push('');
  // A named union prints by its name; spell out its members instead.
  const appCode = file.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === 'A');
  out.push('/** Every application code the server puts in `error.data.appCode`. */');
  out.push(`export type AppCode = ${membersOf(checker, checker.getTypeAtLocation(appCode.name))};`);
  out.push('');
  // Named unions of literals the printer kept by name (e.g. template diagnostic codes), spelled out.
  for (const name of extraNames) {
    const decl = program.getSourceFiles().flatMap((f) => f.statements).find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === name);
    if (!decl) throw new Error(`cannot find the type ${name} in the server's sources`);
    out.push(`export type ${name} = ${membersOf(checker, checker.getTypeAtLocation(decl.name))};`);
    out.push('');
  }
  out.push('/** The shape of `error` the server sends with every failed call. */');
  out.push(`export type ServerErrorShape = ${typeText('E')};`);
  out.push('');
  out.push('type Root = { ctx: object; meta: object; errorShape: ServerErrorShape; transformer: true };');
  out.push('');
  const tree = {};
  for (const { path, kind, i } of aliases) {
    const inText = typeText(`I${i}`);
    inputUnknown(`I${i}`, inText, path);
    const outText = typeText(`O${i}`);
    let node = tree;
    for (const p of path.slice(0, -1)) node = node[p] ??= {};
    node[path.at(-1)] = { kind, inText, outText };
  }
  const Proc = { query: 'TRPCQueryProcedure', mutation: 'TRPCMutationProcedure', subscription: 'TRPCSubscriptionProcedure' };
  const indent = (s, n) => s.replace(/\n/g, `\n${' '.repeat(n)}`);
  const render = (node, depth) => {
    const pad = ' '.repeat(depth * 2);
    const parts = [];
    for (const [key, value] of Object.entries(node)) {
      if (value.kind) {
        // A subscription yields `{ id, data }` (tRPC's tracked events), as the server's does.
        const output = value.kind === 'subscription' ? `AsyncIterable<${indent(value.outText, depth * 2 + 4)}, void, unknown>` : indent(value.outText, depth * 2 + 4);
        parts.push(`${pad}${key}: ${Proc[value.kind]}<{\n${pad}  input: ${indent(value.inText, depth * 2 + 2)};\n${pad}  output: ${output};\n${pad}  meta: object;\n${pad}}>;`);
      } else {
        parts.push(`${pad}${key}: TRPCBuiltRouter<Root, TRPCDecorateCreateRouterOptions<{\n${render(value, depth + 1)}\n${pad}}>>;`);
      }
    }
    return parts.join('\n');
  };
  out.push('/** The server API as the client sees it: every procedure with its exact input and output. */');
  out.push(`export type MessageCenterRouter = TRPCBuiltRouter<Root, TRPCDecorateCreateRouterOptions<{\n${render(tree, 1)}\n}>>;`);
  out.push('');
  return out.join('\n');
}

/** The generated file must compile with nothing but @trpc/server: no server, no zod, no Node types. */
function verify(text) {
  const file = join(ROOT, 'src', 'generated', '__verify__.ts');
  const opts = { ...options, paths: {}, types: [], noEmit: true, strict: true, skipLibCheck: false };
  const host = ts.createCompilerHost(opts);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === file ? text : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === file || exists(f);
  const program = ts.createProgram([file], opts, host);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
  // "Cannot find name": a named type the printer did not expand; the caller spells those out.
  const missing = diagnostics.filter((d) => d.code === 2304);
  if (missing.length === diagnostics.length) return [...new Set(missing.map((d) => /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, ' '))?.[1]))].sort();
  if (diagnostics.length) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
}

let text = generate();
const missing = verify(text);
if (missing.length) {
  text = generate(missing);
  const still = verify(text);
  if (still.length) throw new Error(`still unresolved: ${still.join(', ')}`);
}
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('src/generated/router.ts is stale: run `node scripts/gen-router-types.mjs` in packages/client');
    process.exit(1);
  }
} else {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
