'use strict';
// Resolves the @zhuqi/* aliases to the compiled libraries: node -r ./scripts/register-dist-paths.js dist/apps/api/src/main.js
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist');
require('tsconfig-paths').register({ baseUrl: dist, paths: { '@zhuqi/*': ['libs/*/src'] }, addMatchAll: false });
