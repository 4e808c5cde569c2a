#!/usr/bin/env node
// Generates Tests/LedgerCoreTests/Fixtures/jcs-reject.json: byte sequences a
// strict RFC 8785 / I-JSON (RFC 7493) parser must refuse.
//
// Each entry is {"name": ..., "input_hex": "<raw input bytes, lowercase hex>",
// "reason": "<short explanation>"}. Inputs are given as bytes because several
// cases are not valid UTF-8 and cannot be carried in a JSON string.
//
// Besides plain RFC 8259 syntax errors, the list covers these rules:
//   * duplicate member names (compared after unescaping) are rejected;
//   * lone / mis-ordered UTF-16 surrogate escapes are rejected;
//   * the input must be well-formed UTF-8 with no byte-order mark;
//   * numbers that overflow binary64 (round to +/-Infinity) are rejected;
//   * integer literals (no fraction, no exponent) with magnitude > 2^53 - 1 are
//     rejected unless the literal is already the canonical (JCS) spelling of
//     the double it denotes, as 123456789012345680000 is;
//   * nesting deeper than 64 containers is rejected (64 is accepted, see
//     jcs-canonical.json).
//
// The script prints which cases node's own JSON.parse (after a fatal UTF-8
// decode) would accept, i.e. the cases that only the stricter rules catch.
//
// Usage (from the repository root): node Tests/Scripts/gen_jcs_reject.js
'use strict';

const fs = require('fs');
const path = require('path');

const FIXTURES = path.join(__dirname, '..', 'LedgerCoreTests', 'Fixtures');

const cases = [];
function add(name, input, reason) {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1');
  if (typeof input === 'string' && /[^\x00-\x7f]/.test(input)) throw new Error(name + ': use bytes() for non-ASCII');
  if (cases.some((c) => c.name === name)) throw new Error('duplicate name ' + name);
  cases.push({ name, input_hex: bytes.toString('hex'), reason, bytes });
}
// bytes('"', 0xc0, 0xaf, '"'): mixes ASCII text and raw byte values.
function bytes(...parts) {
  return Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : Buffer.from(p, 'utf8'))));
}

// ------------------------------------------------------------ duplicate keys
add('duplicate-key', '{"a":1,"a":2}', 'duplicate member name');
add('duplicate-key-same-value', '{"a":1,"a":1}', 'duplicate member name (same value)');
add('duplicate-key-after-unescape', '{"a":1,"\\u0061":2}', 'duplicate member name after unescaping');
add('duplicate-key-escape-case', '{"\\u00e9":1,"\\u00E9":2}', 'duplicate member name after unescaping (hex case differs)');
add('duplicate-key-literal-vs-escape', bytes('{"', 0xc3, 0xa9, '":1,"\\u00e9":2}'), 'duplicate member name: literal U+00E9 vs escape');
add('duplicate-key-astral-literal-vs-escape', bytes('{"', 0xf0, 0x9f, 0x98, 0x80, '":1,"\\ud83d\\ude00":2}'), 'duplicate member name: literal U+1F600 vs surrogate-pair escape');
add('duplicate-key-solidus-escape', '{"/":1,"\\/":2}', 'duplicate member name after unescaping \\/');
add('duplicate-key-empty', '{"":1,"":2}', 'duplicate empty member name');
add('duplicate-key-nested', '{"x":{"b":1,"c":2,"b":3}}', 'duplicate member name in nested object');
add('duplicate-key-in-array-element', '[{"k":1},{"k":1,"k":2}]', 'duplicate member name in object inside array');
add('duplicate-key-non-adjacent', '{"a":1,"b":2,"c":3,"a":4}', 'duplicate member name, not adjacent');

// ------------------------------------------------------------ surrogates
add('lone-high-surrogate', '"\\ud800"', 'lone high surrogate escape');
add('lone-low-surrogate', '"\\udc00"', 'lone low surrogate escape');
add('high-surrogate-then-non-low', '"\\ud800\\u0041"', 'high surrogate followed by a non-surrogate escape');
add('high-surrogate-then-high', '"\\ud800\\ud800"', 'high surrogate followed by another high surrogate');
add('high-surrogate-then-literal', '"\\ud83dA"', 'high surrogate followed by a literal character');
add('high-surrogate-then-short-escape', '"\\ud83d\\n"', 'high surrogate followed by \\n');
add('surrogates-reversed', '"\\ude00\\ud83d"', 'low surrogate before high surrogate');
add('lone-surrogate-uppercase', '"\\uDEAD"', 'lone low surrogate escape (RFC 8785 3.2.2.2 example U+DEAD)');
add('lone-high-surrogate-in-key', '{"\\ud800":1}', 'lone surrogate in member name');
add('lone-low-surrogate-in-array', '["ok","\\udc00"]', 'lone surrogate inside array');
add('lone-high-surrogate-at-end-of-string', '"abc\\udbff"', 'high surrogate at end of string');

// ------------------------------------------------------------ invalid UTF-8
add('utf8-overlong-c0-af', bytes('"', 0xc0, 0xaf, '"'), 'invalid UTF-8: overlong 2-byte encoding of "/"');
add('utf8-overlong-c1-bf', bytes('"', 0xc1, 0xbf, '"'), 'invalid UTF-8: overlong 2-byte encoding (C1 lead byte)');
add('utf8-overlong-3-byte', bytes('"', 0xe0, 0x80, 0xaf, '"'), 'invalid UTF-8: overlong 3-byte encoding');
add('utf8-overlong-4-byte', bytes('"', 0xf0, 0x80, 0x80, 0xaf, '"'), 'invalid UTF-8: overlong 4-byte encoding');
add('utf8-encoded-surrogate', bytes('"', 0xed, 0xa0, 0x80, '"'), 'invalid UTF-8: encoded surrogate U+D800');
add('utf8-cesu8-surrogate-pair', bytes('"', 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, '"'), 'invalid UTF-8: CESU-8 surrogate pair for U+1F600');
add('utf8-byte-ff', bytes('"', 0xff, '"'), 'invalid UTF-8: byte 0xFF');
add('utf8-byte-fe', bytes('"', 0xfe, '"'), 'invalid UTF-8: byte 0xFE');
add('utf8-truncated-e2-82', bytes('"', 0xe2, 0x82, '"'), 'invalid UTF-8: truncated 3-byte sequence');
add('utf8-truncated-at-eof', bytes('"', 0xe2, 0x82), 'invalid UTF-8: truncated sequence at end of input');
add('utf8-beyond-u10ffff', bytes('"', 0xf4, 0x90, 0x80, 0x80, '"'), 'invalid UTF-8: code point above U+10FFFF');
add('utf8-lead-f5', bytes('"', 0xf5, 0x80, 0x80, 0x80, '"'), 'invalid UTF-8: lead byte 0xF5');
add('utf8-lone-continuation', bytes('"', 0x80, '"'), 'invalid UTF-8: lone continuation byte');
add('utf8-invalid-in-key', bytes('{"', 0xc0, 0xaf, '":1}'), 'invalid UTF-8 in member name');
add('utf8-invalid-outside-string', bytes('[1,', 0xff, '2]'), 'invalid UTF-8 between tokens');
add('utf8-bom-prefix', bytes(0xef, 0xbb, 0xbf, '{}'), 'leading UTF-8 byte-order mark');
add('utf8-bom-prefix-string', bytes(0xef, 0xbb, 0xbf, '"a"'), 'leading UTF-8 byte-order mark before a string');
add('utf16le-bom', bytes(0xff, 0xfe, '{', 0x00, '}', 0x00), 'UTF-16LE input (not UTF-8)');

// ------------------------------------------------------------ numbers
add('number-overflow-1e400', '1e400', 'number overflows binary64');
add('number-overflow-minus-1e400', '-1e400', 'number overflows binary64');
add('number-overflow-in-array', '[1e400]', 'number overflows binary64');
add('number-overflow-rounds-to-infinity', '1.7976931348623159e308', 'number rounds to Infinity (just above DBL_MAX + half ulp)');
add('number-overflow-long-integer-with-fraction', '1' + '0'.repeat(309) + '.0', 'number overflows binary64 (310-digit literal)');
add('number-leading-zero', '01', 'leading zero');
add('number-leading-zero-negative', '-01', 'leading zero');
add('number-double-zero', '00', 'leading zero');
add('number-leading-zero-in-array', '[01]', 'leading zero');
add('number-trailing-dot', '1.', 'no digit after decimal point');
add('number-dot-before-exponent', '1.e5', 'no digit after decimal point');
add('number-leading-dot', '.5', 'no digit before decimal point');
add('number-plus-sign', '+1', 'leading plus sign');
add('number-exponent-no-digits', '1e', 'exponent without digits');
add('number-exponent-sign-no-digits', '1e+', 'exponent without digits');
add('number-minus-only', '-', 'minus sign without digits');
add('number-minus-space', '- 1', 'space after minus sign');
add('number-hex', '0x10', 'hexadecimal literal');
add('number-nan', 'NaN', 'NaN is not JSON');
add('number-infinity', 'Infinity', 'Infinity is not JSON');
add('number-minus-infinity', '-Infinity', '-Infinity is not JSON');
add('number-nan-in-object', '{"a":NaN}', 'NaN is not JSON');
add('number-double-dot', '1.2.3', 'malformed number');
add('number-double-minus', '--1', 'malformed number');
add('number-integer-2^53-plus-1', '9007199254740993', 'integer literal beyond 2^53');
add('number-integer-minus-2^53-minus-1', '-9007199254740993', 'integer literal beyond 2^53');
add('number-integer-2^64', '18446744073709551616', 'integer literal beyond 2^53');
add('number-integer-int64-max', '9223372036854775807', 'integer literal beyond 2^53 (RFC 8785 Appendix D int64Max)');
add('number-integer-beyond-2^53-in-object', '{"n":9007199254740993}', 'integer literal beyond 2^53');
add('number-appendix-d-giant', '{"giantNumber": 1.4e+9999}', 'number overflows binary64 (RFC 8785 Appendix D)');

// ------------------------------------------------------------ structure / trailing data
add('trailing-garbage', '{} x', 'data after the top-level value');
add('two-top-level-values', '{}{}', 'data after the top-level value');
add('two-top-level-numbers', '1 2', 'data after the top-level value');
add('trailing-comma-array', '[1,]', 'trailing comma');
add('trailing-comma-object', '{"a":1,}', 'trailing comma');
add('leading-comma-array', '[,1]', 'missing value');
add('double-comma-array', '[1,,2]', 'missing value');
add('missing-comma-array', '[1 2]', 'missing comma');
add('missing-comma-object', '{"a":1 "b":2}', 'missing comma');
add('missing-colon', '{"a" 1}', 'missing colon');
add('missing-value', '{"a":}', 'missing value');
add('non-string-key', '{1:2}', 'member name is not a string');
add('unquoted-key', '{a:1}', 'unquoted member name');
add('array-as-key', '{[]:1}', 'member name is not a string');
add('colon-in-array', '["a":1]', 'colon inside array');
add('mismatched-brackets', '[}', 'mismatched brackets');
add('mismatched-brackets-2', '{]', 'mismatched brackets');
add('extra-close', '[]]', 'data after the top-level value');
add('unterminated-array', '[', 'unterminated array');
add('unterminated-array-with-value', '[1', 'unterminated array');
add('unterminated-object', '{', 'unterminated object');
add('unterminated-object-after-key', '{"a"', 'unterminated object');
add('unterminated-object-after-colon', '{"a":', 'unterminated object');
add('unterminated-string', '"abc', 'unterminated string');
add('unterminated-string-escape', '"abc\\', 'unterminated string (ends in backslash)');
add('unterminated-nested', '{"a":[1,{"b":2}', 'unterminated object');
add('empty-input', '', 'empty input');
add('whitespace-only', ' \t\r\n', 'no value, only whitespace');
add('non-json-whitespace-form-feed', '[1,\f2]', 'form feed is not JSON whitespace');
add('non-json-whitespace-vertical-tab', '[1,\v2]', 'vertical tab is not JSON whitespace');
add('non-json-whitespace-nbsp', bytes('[1,', 0xc2, 0xa0, '2]'), 'U+00A0 is not JSON whitespace');
add('non-json-whitespace-line-separator', bytes('[1,', 0xe2, 0x80, 0xa8, '2]'), 'U+2028 is not JSON whitespace');
add('nul-byte-between-tokens', '[1,\u00002]', 'NUL byte between tokens');

// ------------------------------------------------------------ literals
add('literal-true-capitalised', 'True', 'literals are lowercase');
add('literal-null-uppercase', 'NULL', 'literals are lowercase');
add('literal-truncated-tru', 'tru', 'truncated literal');
add('literal-truncated-nul', '[nul]', 'truncated literal');
add('literal-undefined', 'undefined', 'undefined is not JSON');
add('literal-trailing-letters', 'nullx', 'data after literal');
add('literal-bare-word', 'abc', 'bare word');

// ------------------------------------------------------------ strings
add('string-raw-newline', '"a\nb"', 'unescaped control character U+000A in string');
add('string-raw-nul', '"a\u0000b"', 'unescaped control character U+0000 in string');
add('string-raw-tab', '"a\tb"', 'unescaped control character U+0009 in string');
add('string-raw-u001f', '"a\u001fb"', 'unescaped control character U+001F in string');
add('string-raw-cr-in-key', '{"a\rb":1}', 'unescaped control character U+000D in member name');
add('string-invalid-escape-x', '"\\x41"', 'invalid escape \\x');
add('string-invalid-escape-a', '"\\a"', 'invalid escape \\a');
add('string-invalid-escape-single-quote', '"\\\'"', "invalid escape \\'");
add('string-invalid-escape-zero', '"\\0"', 'invalid escape \\0');
add('string-invalid-escape-uppercase-U', '"\\U0041"', 'invalid escape \\U');
add('string-short-unicode-escape', '"\\u12"', 'truncated \\u escape');
add('string-short-unicode-escape-2', '"\\u004"', 'truncated \\u escape');
add('string-unicode-escape-non-hex', '"\\u12G4"', 'non-hex digit in \\u escape');
add('string-unicode-escape-braces', '"\\u{41}"', 'ES6-style \\u{} escape');
add('string-escaped-newline', '"a\\\nb"', 'backslash followed by a raw newline');
add('single-quoted-string', "'a'", 'single-quoted string');
add('single-quoted-key', "{'a':1}", 'single-quoted member name');
add('single-quoted-value', "{\"a\":'b'}", 'single-quoted string value');

// ------------------------------------------------------------ comments
add('comment-block', '{"a":1 /* c */}', 'comments are not JSON');
add('comment-line-leading', '// c\n{}', 'comments are not JSON');
add('comment-line-trailing', '{"a":1} // c', 'comments are not JSON');
add('comment-hash', '# c\n{}', 'comments are not JSON');

// ------------------------------------------------------------ depth
add('depth-65-arrays', '['.repeat(65) + ']'.repeat(65), 'nesting depth 65 exceeds the limit of 64');
add('depth-65-arrays-with-scalar', '['.repeat(65) + '1' + ']'.repeat(65), 'nesting depth 65 exceeds the limit of 64');
add('depth-65-objects', '{"k":'.repeat(64) + '{}' + '}'.repeat(64), 'nesting depth 65 exceeds the limit of 64');
add('depth-65-mixed', '[{"k":'.repeat(32) + '[]' + '}]'.repeat(32), 'nesting depth 65 exceeds the limit of 64');
add('depth-65-inside-wide-array', '[1,' + '['.repeat(64) + ']'.repeat(64) + ']', 'nesting depth 65 exceeds the limit of 64');
add('depth-10000-unterminated', '['.repeat(10000), 'nesting far beyond the limit (and unterminated)');

// ------------------------------------------------------------ report + write
const lenient = [];
for (const c of cases) {
  let ok = true;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(c.bytes);
    JSON.parse(text);
  } catch (e) { ok = false; }
  if (ok) lenient.push(c.name);
}
const body = cases.map((c) => JSON.stringify({ name: c.name, input_hex: c.input_hex, reason: c.reason })).join(',\n');
const text = '[\n' + body + '\n]\n';
if (/[^\x20-\x7e\n]/.test(text)) throw new Error('fixture is not printable ASCII');
fs.writeFileSync(path.join(FIXTURES, 'jcs-reject.json'), text);
console.log(`jcs-reject.json: ${cases.length} cases`);
console.log(`accepted by node JSON.parse (caught only by the stricter rules): ${lenient.length}`);
for (const n of lenient) console.log('  ' + n);
