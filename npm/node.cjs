'use strict';
// Node CommonJS entry: require(esm) of the ESM entry (Node >= 20.19), which has no top-level await.
module.exports = require('./node.mjs');
