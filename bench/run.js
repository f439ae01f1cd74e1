#!/usr/bin/env node
// Runs bench/<name>.bench.ts without a build step: TypeScript is compiled on require by SWC (with the
// same decorator settings as jest) and @zhuqi/* resolves to libs/*/src. Usage: node bench/run.js <name>
'use strict';
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { transformSync } = require('@swc/core');
const { register } = require('tsconfig-paths');

const root = resolve(__dirname, '..');
register({ baseUrl: root, paths: { '@zhuqi/*': ['libs/*/src'] } });

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};
// Stack traces point at the .ts lines.
process.setSourceMapsEnabled?.(true);
require('reflect-metadata');

const name = process.argv[2];
if (!name) {
  console.error('usage: node bench/run.js <name>   (runs bench/<name>.bench.ts)');
  process.exit(2);
}
require(resolve(__dirname, `${name}.bench.ts`));
