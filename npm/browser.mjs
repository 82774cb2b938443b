// Browser entry: WASM first (init-browser.mjs, top-level await), then the API.
import './init-browser.mjs';
export * from './api.mjs';
