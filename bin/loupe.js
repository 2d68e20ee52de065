#!/usr/bin/env node
// The `loupe` CLI: the bundled tracker CLI (built by `npm run build`).
require('../dist/cli.js');
