#!/usr/bin/env node
// Runs a TypeScript file of the project (a benchmark, a script) through tsx: `node bin/run-ts.mjs bench/x.ts`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bin/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(file));
register();
await import(pathToFileURL(path.resolve(file)).href);
