// Benchmark of the nomenclature search (issue 6): the 27 062 SISE diplomas (2.5 MB, diplome_SISE) searched as one
// types. Prints the cold load (folder read, file parsed and folded, sorted), then the latency of one search for
// texts of 1 to 4 letters taken from real labels (p50, p95, max over every run), with a type/sector filter, and a
// word typed letter by letter.
// Run: npm run bench:nomenclatures [-- <folder>]   (default: ../shared/reference/supann-nomenclatures; asserts nothing)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Nomenclatures } from '../src/nomenclatures/Nomenclatures.ts';

const folder = process.argv[2] ?? fileURLToPath(new URL('../../shared/reference/supann-nomenclatures/', import.meta.url));
const RUNS = 400;
const LIMIT = 20;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const ms = (n: number) => `${n.toFixed(3)} ms`;

function measure(label: string, queries: string[], search: (q: string) => { total: number }): void {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const q = queries[i % queries.length]!;
    const started = performance.now();
    found += search(q).total;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} p50 ${ms(percentile(times, 50))}   p95 ${ms(percentile(times, 95))}   max ${ms(times[times.length - 1]!)}   (${Math.round(found / RUNS)} matches on average)`);
}

// How fast this machine is now: the figures below scale with it (a loaded machine gives larger ones).
{
  const s = performance.now();
  let sum = 0;
  for (let i = 0; i < 10_000_000; i += 1) sum += i % 7;
  console.log(`machine: 10 million loop steps in ${ms(performance.now() - s)} (about 10 ms on an idle 2020s core)${sum < 0 ? '' : ''}`);
}

const started = performance.now();
const nomenclatures = new Nomenclatures({ folder: path.resolve(folder) });
const size = nomenclatures.size('diplome', true);
console.log(`diplome_SISE: ${size} diplomas loaded in ${ms(performance.now() - started)} (cold: folder read, parsed, folded, sorted)`);

// Texts people type: the starts of the words of real labels, 1 to 4 letters, spread over the list.
const words = nomenclatures
  .choices('diplome', true)
  .filter((_, i) => i % 97 === 0)
  .flatMap((c) => (c.fullLabel ?? c.label).split(/[^\p{L}]+/u).filter((w) => w.length >= 4));
// Warm-up: the JIT compiles the scan, as it has after the first searches of a running server.
for (const w of words.slice(0, 200)) nomenclatures.search('diplome', true, w.slice(0, 2), { limit: LIMIT });

for (let letters = 1; letters <= 4; letters += 1) {
  const queries = [...new Set(words.map((w) => w.slice(0, letters).toLowerCase()))];
  measure(`${letters} letter${letters > 1 ? 's' : ''} (${queries.length} texts)`, queries, (q) => nomenclatures.search('diplome', true, q, { limit: LIMIT }));
}
measure('2 words ("master dr", …)', ['master dr', 'licence pro', 'genie bio', 'droit pub', 'sciences hum'], (q) => nomenclatures.search('diplome', true, q, { limit: LIMIT }));
measure('type+sector filter, 2 letters', ['ma', 'ge', 'in', 'sc'], (q) => nomenclatures.search('diplome', true, q, { limit: LIMIT, where: { type: 'CB', sector: '06' } }));
measure('exact code', ['1000267', '{SISE}2200531', '1000013'], (q) => nomenclatures.search('diplome', true, q, { limit: LIMIT }));

const typed = 'management';
const each: string[] = [];
for (let i = 1; i <= typed.length; i += 1) {
  const s = performance.now();
  nomenclatures.search('diplome', true, typed.slice(0, i), { limit: LIMIT });
  each.push(ms(performance.now() - s));
}
console.log(`typing "${typed}" letter by letter: ${each.join(', ')}`);
