// Instantiates the WASM module in browsers and workers before the package's exports are used.
import init from './linkcode.js';

await init({ module_or_path: new URL('./linkcode_bg.wasm', import.meta.url) });
