#!/usr/bin/env node
// The `message-center` CLI. A committed shim, so npm can link the bin at install time, before
// the TypeScript build has produced dist/.
import '../dist/cli.js';
