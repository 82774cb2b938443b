// Loads the shared golden vectors (tests/vectors) for the npm package tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.LINKCODE_VECTORS;
if (!dir) throw new Error('LINKCODE_VECTORS must point to tests/vectors');

export const load = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
export const fields = load('fields.json');
export const codes = load('codes.json');
export const keys = load('keys.json');
export const histories = load('history.json');
