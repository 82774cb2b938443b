// Node ESM entry: WASM first (init-node.mjs), then the API.
import './init-node.mjs';
export * from './api.mjs';
export { pseudonymizeTransform } from './node-stream.mjs';
