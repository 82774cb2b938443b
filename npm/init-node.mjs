// Instantiates the WASM module synchronously in Node, so importing the package is enough.
import { readFileSync } from 'node:fs';
import { initSync } from './linkcode.js';

initSync({ module: readFileSync(new URL('./linkcode_bg.wasm', import.meta.url)) });
