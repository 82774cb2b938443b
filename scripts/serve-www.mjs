#!/usr/bin/env node
// Serves the portal (www/) on http://127.0.0.1:8080 (or the port given) after scripts/build.sh.
// Static files only; the page itself makes no request beyond its own files.
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/js/support/serve.mjs';

const root = fileURLToPath(new URL('../www/', import.meta.url));
const server = await serve(root, Number(process.argv[2] ?? 8080));
console.log(`linkcode portal: ${server.origin}/  (Ctrl-C to stop)`);
