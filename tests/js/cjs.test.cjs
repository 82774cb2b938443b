// The packed npm package loaded with require() (Node >= 20.19 require(esm)).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const linkcode = require('linkcode');

const codes = JSON.parse(readFileSync(join(process.env.LINKCODE_VECTORS, 'codes.json'), 'utf8'));

test('require("linkcode") exposes the API and computes the vector codes', () => {
  const { Coder, LinkageKey, normalize, isLinkcodeError } = linkcode;
  const rules = Object.fromEntries(codes.cases.filter((c) => c.declare).map((c) => [c.rule, c.declare]));
  const coder = new Coder(LinkageKey.fromBase64url(codes.key.base64url), { purpose: codes.purpose, rules });
  for (const c of codes.cases.filter((x) => 'b64' in x)) assert.equal(coder.code(c.rule, c.input), c.b64, c.id);
  assert.equal(normalize.insurer('１３８０５７'), '00138057');
  try {
    normalize.insurer('06132014');
    assert.fail('must throw');
  } catch (error) {
    assert.ok(isLinkcodeError(error));
    assert.equal(error.code, 'E_CHECK_DIGIT');
  }
});

test('the CJS and ESM entries share one instance of the module', async () => {
  const esm = await import('linkcode');
  assert.equal(esm.Coder, linkcode.Coder);
});
