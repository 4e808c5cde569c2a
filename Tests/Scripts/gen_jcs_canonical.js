#!/usr/bin/env node
// Generates Tests/LedgerCoreTests/Fixtures/jcs-canonical.json: JSON texts a
// strict RFC 8785 (JCS) implementation must accept, with their canonical form.
//
// Each entry is
//   {"name": ..., "input": "<JSON text>", "expected": "<canonical JCS text>",
//    "expected_hex": "<UTF-8 bytes of expected, lowercase hex>"}
// "expected_hex" is redundant with "expected"; it lets a test compare raw
// bytes. (Swift's String == uses canonical equivalence, so "\u00e9" and
// "e\u0301" compare equal as Strings although JCS treats them as different.)
//
// The fixture file is written as pure ASCII: every non-ASCII character of
// the decoded "input"/"expected" strings is stored as a \uXXXX escape (and
// astral characters as surrogate-pair escapes) in the fixture encoding.
//
// Expected outputs come from an independent canonicalizer: JSON.parse, then
// the algorithm of RFC 8785 Appendix A (keys sorted with the default
// Array.prototype.sort, i.e. UTF-16 code-unit order; JSON.stringify for
// primitives). JSON.parse silently keeps the last of duplicate keys, so
// every input here is duplicate-free (Tests/Scripts/check_fixtures.py
// re-checks that, and re-derives every expected value, with Python).
//
// Usage (from the repository root): node Tests/Scripts/gen_jcs_canonical.js
'use strict';

const fs = require('fs');
const path = require('path');

const FIXTURES = path.join(__dirname, '..', 'LedgerCoreTests', 'Fixtures');
const MAX_DEPTH = 64;

function canonicalize(value) {
  let out = '';
  (function ser(v) {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('non-finite number');
      out += JSON.stringify(v);
    } else if (Array.isArray(v)) {
      out += '[';
      v.forEach((e, i) => { if (i) out += ','; ser(e); });
      out += ']';
    } else {
      out += '{';
      Object.keys(v).sort().forEach((k, i) => {
        if (i) out += ',';
        out += JSON.stringify(k) + ':';
        ser(v[k]);
      });
      out += '}';
    }
  })(value);
  return out;
}

function depthOf(v) {
  if (v === null || typeof v !== 'object') return 0;
  const kids = Array.isArray(v) ? v : Object.values(v);
  return 1 + kids.reduce((m, k) => Math.max(m, depthOf(k)), 0);
}

const cases = [];
function add(name, input, expectedCheck) {
  const value = JSON.parse(input);
  if (depthOf(value) > MAX_DEPTH) throw new Error(name + ': too deep');
  const expected = canonicalize(value);
  if (expectedCheck !== undefined && expected !== expectedCheck) {
    throw new Error(`${name}: canonical form ${JSON.stringify(expected)} != hand-written ${JSON.stringify(expectedCheck)}`);
  }
  if (/[\ud800-\udfff]/.test(expected.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    throw new Error(name + ': lone surrogate in output');
  }
  if (cases.some((c) => c.name === name)) throw new Error('duplicate name ' + name);
  cases.push({ name, input, expected, expected_hex: Buffer.from(expected, 'utf8').toString('hex') });
}

// ------------------------------------------------------------ RFC 8785
// Section 3.2.2 input, laid out as in the RFC (5 leading spaces, the line
// break inside the "numbers" array). Expected: section 3.2.3, without the
// display line wrap.
const rfcInput =
  '     {\n' +
  '       "numbers": [333333333.33333329, 1E30, 4.50,\n' +
  '                   2e-3, 0.000000000000000000000000001],\n' +
  '       "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n' +
  '       "literals": [null, true, false]\n' +
  '     }\n';
const rfcExpected =
  '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
  '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
add('rfc8785-3.2.2-sample', rfcInput, rfcExpected);
// Section 3.2.4 gives the UTF-8 bytes of that result.
const rfcHex = (
  '7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 ' +
  '75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a ' +
  '5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 ' +
  '65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 ' +
  '5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30 ' +
  '30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d').replace(/ /g, '');
if (cases[cases.length - 1].expected_hex !== rfcHex) throw new Error('RFC 8785 3.2.4 bytes mismatch');

// Section 3.2.3 sorting test data.
const sortInput =
  '     {\n' +
  '       "\\u20ac": "Euro Sign",\n' +
  '       "\\r": "Carriage Return",\n' +
  '       "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n' +
  '       "1": "One",\n' +
  '       "\\ud83d\\ude00": "Emoji: Grinning Face",\n' +
  '       "\\u0080": "Control",\n' +
  '       "\\u00f6": "Latin Small Letter O With Diaeresis"\n' +
  '     }\n';
add('rfc8785-3.2.3-sorting', sortInput);
{ // "Expected argument order after sorting property strings"
  // (Object.values would list the integer-like key "1" first: JS property
  // order, not text order, so read the values off the text instead.)
  const order = [...cases[cases.length - 1].expected.matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
  const rfcOrder = ['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis',
    'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh'];
  if (JSON.stringify(order) !== JSON.stringify(rfcOrder)) throw new Error('RFC 8785 3.2.3 order mismatch');
}
// Same keys written as literal characters instead of escapes.
add('rfc8785-3.2.3-sorting-literal-keys',
  '{"\u20ac":"Euro Sign","\\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",' +
  '"1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control",' +
  '"\u00f6":"Latin Small Letter O With Diaeresis"}');
add('rfc8785-3.2.3-plain-english-order', '{"ab":4,"aa":3,"a":2,"":1}', '{"":1,"a":2,"aa":3,"ab":4}');
add('rfc8785-appendix-c-address',
  '{\n  "name": "John Doe",\n  "address": "2000 Sunset Boulevard",\n  "city": "Los Angeles",\n' +
  '  "zip": "90001",\n  "state": "CA"\n}',
  '{"address":"2000 Sunset Boulevard","city":"Los Angeles","name":"John Doe","state":"CA","zip":"90001"}');
add('rfc8785-appendix-e-subtypes',
  '{\n  "time": "2019-01-28T07:45:10Z",\n  "big": "055",\n  "val": 3.5\n}',
  '{"big":"055","time":"2019-01-28T07:45:10Z","val":3.5}');

// ------------------------------------------------------------ literals, whitespace, structure
add('literal-null', 'null', 'null');
add('literal-true', 'true', 'true');
add('literal-false', 'false', 'false');
add('literals-in-array', '[ true , false , null ]', '[true,false,null]');
add('empty-object', '{}', '{}');
add('empty-array', '[]', '[]');
add('empty-object-with-whitespace', '{ \t\r\n }', '{}');
add('empty-array-with-whitespace', '[ \t\r\n ]', '[]');
add('empty-string', '""', '""');
add('top-level-number', ' 42 ', '42');
add('top-level-string', '\t"abc"\n', '"abc"');
add('whitespace-all-four-kinds',
  ' \t\r\n{ \t\r\n"a" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n, \t\r\n"b" \t\r\n: \t\r\nnull \t\r\n} \t\r\n',
  '{"a":[1,2],"b":null}');
add('whitespace-crlf-pretty-printed', '{\r\n  "b": 1,\r\n  "a": 2\r\n}\r\n', '{"a":2,"b":1}');
add('nested-objects-sorted-recursively',
  '{"z":{"y":{"x":1,"w":2},"v":3},"a":{"c":4,"b":5}}',
  '{"a":{"b":5,"c":4},"z":{"v":3,"y":{"w":2,"x":1}}}');
add('objects-inside-arrays-sorted', '[{"b":1,"a":2},[{"d":3,"c":4}],{}]', '[{"a":2,"b":1},[{"c":4,"d":3}],{}]');
add('array-order-preserved', '[3,1,2,"b","a",null,true,false]', '[3,1,2,"b","a",null,true,false]');
add('nested-empties', '{"a":{},"b":[],"c":[{}],"d":[[]],"e":{"f":{}}}', '{"a":{},"b":[],"c":[{}],"d":[[]],"e":{"f":{}}}');
add('mixed-value-types',
  '{"num":-1.5e3,"str":"x","arr":[{}],"obj":{"k":[]},"t":true,"f":false,"n":null}',
  '{"arr":[{}],"f":false,"n":null,"num":-1500,"obj":{"k":[]},"str":"x","t":true}');
add('same-key-in-different-objects', '{"a":{"a":{"a":1}},"b":{"a":2}}', '{"a":{"a":{"a":1}},"b":{"a":2}}');
add('depth-64-arrays', '['.repeat(64) + ']'.repeat(64), '['.repeat(64) + ']'.repeat(64));
add('depth-64-arrays-with-scalar', '['.repeat(64) + '0' + ']'.repeat(64), '['.repeat(64) + '0' + ']'.repeat(64));
add('depth-64-objects', '{"k":'.repeat(63) + '{}' + '}'.repeat(63), '{"k":'.repeat(63) + '{}' + '}'.repeat(63));
add('depth-64-mixed', '[{"k":'.repeat(32) + 'null' + '}]'.repeat(32), '[{"k":'.repeat(32) + 'null' + '}]'.repeat(32));
add('depth-64-wide', '[' + '['.repeat(63) + ']'.repeat(63) + ',' + '['.repeat(63) + '1' + ']'.repeat(63) + ']');

// ------------------------------------------------------------ strings
add('string-control-short-escapes', '"\\b\\f\\n\\r\\t"', '"\\b\\f\\n\\r\\t"');
add('string-control-short-forms-from-u-escapes', '"\\u0008\\u000C\\u000a\\u000D\\u0009"', '"\\b\\f\\n\\r\\t"');
add('string-control-u001f-stays-escaped-lowercase', '"\\u001F"', '"\\u001f"');
add('string-control-u001f-lowercase-input', '"\\u001f"', '"\\u001f"');
add('string-control-u0000', '"\\u0000"', '"\\u0000"');
add('string-control-all-c0',
  '"' + Array.from({ length: 32 }, (_, i) => '\\u' + i.toString(16).padStart(4, '0').toUpperCase()).join('') + '"',
  '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
  '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"');
add('string-del-escaped-becomes-literal', '"\\u007f"', '"\u007f"');
add('string-del-literal', '"\u007f"', '"\u007f"');
add('string-c1-u0080-escaped-becomes-literal', '"\\u0080\\u009f"', '"\u0080\u009f"');
add('string-space-escaped', '"\\u0020"', '" "');
add('string-solidus-not-escaped', '"a/b"', '"a/b"');
add('string-escaped-solidus-unescaped', '"\\/"', '"/"');
add('string-solidus-u-escape', '"\\u002F\\u002f"', '"//"');
add('string-quote-and-backslash', '"\\"\\\\"', '"\\"\\\\"');
add('string-quote-and-backslash-from-u-escapes', '"\\u0022\\u005C\\u005c"', '"\\"\\\\\\\\"');
add('string-ascii-escaped-becomes-literal', '"\\u0041\\u0062\\u0063"', '"Abc"');
add('string-latin1-escaped', '"\\u00e9"', '"\u00e9"');
add('string-latin1-escaped-uppercase-hex', '"\\u00E9"', '"\u00e9"');
add('string-latin1-literal', '"\u00e9"', '"\u00e9"');
add('string-bmp-escaped', '"\\u20ac\\u4e2d\\ufb33"', '"\u20ac\u4e2d\ufb33"');
add('string-bmp-literal', '"\u20ac\u4e2d\ufb33"', '"\u20ac\u4e2d\ufb33"');
add('string-astral-escaped-pair', '"\\ud83d\\ude00"', '"\ud83d\ude00"');
add('string-astral-escaped-pair-uppercase', '"\\uD83D\\uDE00"', '"\ud83d\ude00"');
add('string-astral-literal', '"\ud83d\ude00"', '"\ud83d\ude00"');
add('string-astral-min-u10000', '"\\ud800\\udc00"', '"\ud800\udc00"');
add('string-astral-max-u10ffff', '"\\udbff\\udfff"', '"\udbff\udfff"');
add('string-astral-max-u10ffff-literal', '"\udbff\udfff"', '"\udbff\udfff"');
add('string-line-separators-not-escaped', '"\\u2028\\u2029"', '"\u2028\u2029"');
add('string-line-separators-literal', '"\u2028\u2029"', '"\u2028\u2029"');
add('string-bom-char-inside-string', '"\\ufeff"', '"\ufeff"');
add('string-noncharacters', '"\\ufffe\\uffff\\ufdd0"', '"\ufffe\uffff\ufdd0"');
add('string-private-use', '"\\ue000\\uf8ff"', '"\ue000\uf8ff"');
add('string-nfc-and-nfd-kept-distinct', '["\\u00e9","e\\u0301"]', '["\u00e9","e\u0301"]');
add('string-combining-sequence-literal', '"e\u0301"', '"e\u0301"');
add('string-hangul-not-normalized', '"\\u1100\\u1161"', '"\u1100\u1161"');
add('string-mixed-escapes', '"\\u0041\\n\\u00e9\\ud83d\\ude00\\t\\/\\\\"', '"A\\n\u00e9\ud83d\ude00\\t/\\\\"');
add('string-long', '"' + 'x'.repeat(1000) + '"', '"' + 'x'.repeat(1000) + '"');
add('string-escaped-vs-literal-same-output-1', '{"k":"\\u00f6\\u20ac\\ud83d\\ude00"}', '{"k":"\u00f6\u20ac\ud83d\ude00"}');
add('string-escaped-vs-literal-same-output-2', '{"k":"\u00f6\u20ac\ud83d\ude00"}', '{"k":"\u00f6\u20ac\ud83d\ude00"}');

// ------------------------------------------------------------ key sorting
add('keys-ascii-sorted', '{"b":2,"a":1,"c":3}', '{"a":1,"b":2,"c":3}');
add('keys-uppercase-before-lowercase', '{"a":1,"B":2,"_":3,"1":4}', '{"1":4,"B":2,"_":3,"a":1}');
add('keys-prefix-shorter-first', '{"aaa":3,"aa":2,"a":1,"":0}', '{"":0,"a":1,"aa":2,"aaa":3}');
add('keys-sorted-by-unescaped-value', '{"\\u0062":1,"a":2}', '{"a":2,"b":1}');
add('keys-escaped-newline-sorts-as-u000a', '{"A":1,"\\n":2," ":3}', '{"\\n":2," ":3,"A":1}');
add('keys-control-and-nul', '{"a\\u0000":2,"a":1,"a\\u0001":3,"\\u0000":0}', '{"\\u0000":0,"a":1,"a\\u0000":2,"a\\u0001":3}');
add('keys-nfc-vs-nfd-distinct',
  '{"\\u00e9":"precomposed","e\\u0301":"decomposed"}',
  '{"e\u0301":"decomposed","\u00e9":"precomposed"}');
add('keys-nfc-vs-nfd-distinct-literal',
  '{"\u00e9":"precomposed","e\u0301":"decomposed"}',
  '{"e\u0301":"decomposed","\u00e9":"precomposed"}');
add('keys-angstrom-forms-distinct',
  '{"\\u212b":"angstrom sign","\\u00c5":"a ring","A\\u030a":"a + ring"}',
  '{"A\u030a":"a + ring","\u00c5":"a ring","\u212b":"angstrom sign"}');
// UTF-16 code-unit order differs from code-point order once a surrogate
// pair (0xD800-0xDBFF lead unit) meets a BMP character >= U+E000.
add('keys-surrogate-pair-before-fb33',
  '{"\\ufb33":"U+FB33","\\ud83d\\ude00":"U+1F600"}',
  '{"\ud83d\ude00":"U+1F600","\ufb33":"U+FB33"}');
add('keys-surrogate-pair-before-private-use',
  '{"\\ue000":"U+E000","\\ud83d\\ude00":"U+1F600","\\uf8ff":"U+F8FF"}',
  '{"\ud83d\ude00":"U+1F600","\ue000":"U+E000","\uf8ff":"U+F8FF"}');
add('keys-utf16-vs-codepoint-order',
  '{"\\uffff":"U+FFFF","\\ue000":"U+E000","\\ud800\\udc00":"U+10000","\\ud7ff":"U+D7FF","\\udbff\\udfff":"U+10FFFF","\\ud83d\\ude00":"U+1F600"}',
  '{"\ud7ff":"U+D7FF","\ud800\udc00":"U+10000","\ud83d\ude00":"U+1F600","\udbff\udfff":"U+10FFFF","\ue000":"U+E000","\uffff":"U+FFFF"}');
add('keys-utf16-vs-codepoint-order-literal',
  '{"\uffff":"U+FFFF","\ue000":"U+E000","\ud800\udc00":"U+10000","\ud7ff":"U+D7FF","\udbff\udfff":"U+10FFFF","\ud83d\ude00":"U+1F600"}',
  '{"\ud7ff":"U+D7FF","\ud800\udc00":"U+10000","\ud83d\ude00":"U+1F600","\udbff\udfff":"U+10FFFF","\ue000":"U+E000","\uffff":"U+FFFF"}');
add('keys-same-lead-surrogate', '{"\\ud83d\\ude01":2,"\\ud83d\\ude00":1,"\\ud83c\\udf00":0}',
  '{"\ud83c\udf00":0,"\ud83d\ude00":1,"\ud83d\ude01":2}');
add('keys-digits-are-strings-not-numbers', '{"10":1,"9":2,"1":3,"01":4}', '{"01":4,"1":3,"10":1,"9":2}');
add('keys-numeric-looking-js-trap', '{"2":"b","1":"a","b":"d","a":"c"}', '{"1":"a","2":"b","a":"c","b":"d"}');
add('keys-with-quote-and-backslash', '{"\\\\":1,"\\"":2,"a":3}', '{"\\"":2,"\\\\":1,"a":3}');
add('keys-with-del-and-c1', '{"\\u0080":1,"\\u007f":2,"~":3}', '{"~":3,"\u007f":2,"\u0080":1}');
add('keys-many',
  '{' + Array.from({ length: 40 }, (_, i) => `"k${(i * 37) % 40}":${i}`).join(',') + '}');

// ------------------------------------------------------------ numbers
add('number-exponent-uppercase-E', '1E2', '100');
add('number-exponent-plus', '1e+2', '100');
add('number-exponent-zero', '5e0', '5');
add('number-exponent-negative-zero', '5E-0', '5');
add('number-negative-zero', '-0', '0');
add('number-negative-zero-fraction', '-0.0', '0');
add('number-negative-zero-exponent', '-0e10', '0');
add('number-zero-fraction', '0.0', '0');
add('number-trailing-fraction-zeros', '4.50', '4.5');
add('number-integer-with-fraction-zero', '1.0', '1');
add('number-one-e-minus-7', '1e-7', '1e-7');
add('number-fixed-1e-6', '0.000001', '0.000001');
add('number-exp-1e-6', '1e-6', '0.000001');
add('number-1.5e-7', '0.00000015', '1.5e-7');
add('number-1e21', '1e21', '1e+21');
add('number-1e20', '1e20', '100000000000000000000');
add('number-just-below-1e21', '999999999999999900000.0', '999999999999999900000');
add('number-1.2345678901234568e20-exponent-form', '1.2345678901234568e20', '123456789012345680000');
add('number-123456789012345680000-with-fraction', '123456789012345680000.0', '123456789012345680000');
// Integer literals beyond 2^53 - 1 are accepted when already canonical, so that
// every canonical output parses back.
add('number-integer-literal-canonical-beyond-2^53', '123456789012345680000', '123456789012345680000');
add('number-integer-literal-2^68-canonical', '295147905179352830000', '295147905179352830000');
add('number-1e20-integer-literal', '100000000000000000000', '100000000000000000000');
add('number-2^68-exponent-form', '2.9514790517935283e20', '295147905179352830000');
add('number-max-safe-integer', '9007199254740991', '9007199254740991');
add('number-2^53-exact', '9007199254740992', '9007199254740992');
add('number-minus-2^53-exact', '-9007199254740992', '-9007199254740992');
add('number-beyond-2^53-with-fraction-rounds', '9007199254740993.0', '9007199254740992');
add('number-beyond-2^53-exponent-form-rounds', '9.007199254740993e15', '9007199254740992');
add('number-max-double', '1.7976931348623157e308', '1.7976931348623157e+308');
add('number-max-double-long-form', '1.79769313486231570e+308', '1.7976931348623157e+308');
add('number-min-subnormal', '5e-324', '5e-324');
add('number-min-subnormal-long-form', '4.9406564584124654e-324', '5e-324');
add('number-rounds-up-to-min-subnormal', '3e-324', '5e-324');
add('number-smallest-normal', '2.2250738585072014e-308', '2.2250738585072014e-308');
add('number-333333333.33333329', '333333333.33333329', '333333333.3333333');
add('number-round-to-even-note-2', '1424953923781206.25', '1424953923781206.2');
add('number-0.1-plus-noise', '0.1000000000000000055511151231257827', '0.1');
add('number-0.3', '0.30000000000000004', '0.30000000000000004');
add('number-1e23', '1e23', '1e+23');
add('number-1e-27-long-form', '0.000000000000000000000000001', '1e-27');
add('number-negative-exponent-form', '-2.5E-3', '-0.0025');
add('number-large-exponent-digits', '1e0000000000000000000000000000001', '10');
add('number-many-digits', '3.14159265358979323846264338327950288419716939937510', '3.141592653589793');
add('number-leading-zero-fraction', '0.5', '0.5');
add('numbers-in-array', '[0,-0,1,-1,0.5,-0.5,1e-7,1e21,123e-2]', '[0,0,1,-1,0.5,-0.5,1e-7,1e+21,1.23]');
add('numbers-as-object-values', '{"b":-0.0,"a":2.50E+1,"c":-1e-7}', '{"a":25,"b":0,"c":-1e-7}');

// ------------------------------------------------------------ write
function asciiJSON(s) {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
const body = cases.map((c) =>
  `{"name":${asciiJSON(c.name)},"input":${asciiJSON(c.input)},"expected":${asciiJSON(c.expected)},"expected_hex":${asciiJSON(c.expected_hex)}}`
).join(',\n');
const text = '[\n' + body + '\n]\n';
if (/[^\x20-\x7e\n]/.test(text)) throw new Error('fixture is not printable ASCII');
// Round-trip check of the fixture encoding itself.
const back = JSON.parse(text);
back.forEach((c, i) => {
  if (c.input !== cases[i].input || c.expected !== cases[i].expected) throw new Error('fixture round-trip failed: ' + c.name);
});
fs.writeFileSync(path.join(FIXTURES, 'jcs-canonical.json'), text);
console.log(`jcs-canonical.json: ${cases.length} cases`);
