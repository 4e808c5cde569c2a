#!/usr/bin/env node
// Generates Tests/LedgerCoreTests/Fixtures/jcs-numbers.json and
// Tests/LedgerCoreTests/Fixtures/jcs-numbers-invalid.json.
//
// Each entry of jcs-numbers.json is
//   {"bits": "<16 lowercase hex digits, IEEE-754 binary64, big-endian>",
//    "expected": "<ECMAScript Number::toString output>"}
// optionally with a "comment". The expected text is what RFC 8785 (JCS)
// section 3.2.2.3 requires for a JSON number: ECMA-262 Number::toString,
// i.e. String(x) === JSON.stringify(x) for every finite x (-0 gives "0").
//
// jcs-numbers-invalid.json lists bit patterns (NaN, +/-Infinity) that a
// JCS serializer must refuse.
//
// Output is deterministic: all random values come from a fixed-seed
// SplitMix64 generator. Usage (from the repository root):
//   node Tests/Scripts/gen_jcs_numbers.js
'use strict';

const fs = require('fs');
const path = require('path');

const FIXTURES = path.join(__dirname, '..', 'LedgerCoreTests', 'Fixtures');

// ---------------------------------------------------------------- helpers
const scratch = new DataView(new ArrayBuffer(8));
function bitsToDouble(bits) {
  scratch.setBigUint64(0, BigInt.asUintN(64, bits), false);
  return scratch.getFloat64(0, false);
}
function doubleToBits(x) {
  scratch.setFloat64(0, x, false);
  return scratch.getBigUint64(0, false);
}
function hex16(bits) {
  return BigInt.asUintN(64, bits).toString(16).padStart(16, '0');
}
function isFiniteBits(bits) {
  return ((bits >> 52n) & 0x7ffn) !== 0x7ffn;
}
function nextUp(x) {   // next representable double towards +Infinity (finite x)
  if (x === 0) return bitsToDouble(1n);
  const b = doubleToBits(x);
  return bitsToDouble(x > 0 ? b + 1n : b - 1n);
}
function nextDown(x) { // next representable double towards -Infinity (finite x)
  return -nextUp(-x);
}

// SplitMix64, fixed seed.
let state = 0x4a43532d4e554d31n; // "JCS-NUM1"
function rand64() {
  state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
  let z = state;
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return z ^ (z >> 31n);
}
function randInt(n) { // uniform-ish integer in [0, n), n < 2^32
  return Number(rand64() % BigInt(n));
}

// ---------------------------------------------------------------- collect
const entries = [];
const seen = new Set();
function addBits(bits, comment) {
  bits = BigInt.asUintN(64, bits);
  if (!isFiniteBits(bits)) throw new Error('non-finite bits ' + hex16(bits));
  const key = hex16(bits);
  if (seen.has(key)) return;
  seen.add(key);
  const x = bitsToDouble(bits);
  const s = String(x);
  if (JSON.stringify(x) !== s) throw new Error('String/JSON.stringify disagree for ' + key);
  const e = { bits: key, expected: s };
  if (comment) e.comment = comment;
  entries.push(e);
}
function addValue(x, comment) {
  if (!Number.isFinite(x)) throw new Error('non-finite value ' + x);
  addBits(doubleToBits(x), comment);
}

// 1. RFC 8785 Appendix B, Table 1 (finite rows), transcribed verbatim.
//    The generator checks that this node agrees with every row.
const appendixB = [
  ['0000000000000000', '0', 'Zero'],
  ['8000000000000000', '0', 'Minus zero'],
  ['0000000000000001', '5e-324', 'Min pos number'],
  ['8000000000000001', '-5e-324', 'Min neg number'],
  ['7fefffffffffffff', '1.7976931348623157e+308', 'Max pos number'],
  ['ffefffffffffffff', '-1.7976931348623157e+308', 'Max neg number'],
  ['4340000000000000', '9007199254740992', 'Max pos int (1)'],
  ['c340000000000000', '-9007199254740992', 'Max neg int (1)'],
  ['4430000000000000', '295147905179352830000', '~2**68 (2)'],
  ['44b52d02c7e14af5', '9.999999999999997e+22', ''],
  ['44b52d02c7e14af6', '1e+23', ''],
  ['44b52d02c7e14af7', '1.0000000000000001e+23', ''],
  ['444b1ae4d6e2ef4e', '999999999999999700000', ''],
  ['444b1ae4d6e2ef4f', '999999999999999900000', ''],
  ['444b1ae4d6e2ef50', '1e+21', ''],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7', ''],
  ['3eb0c6f7a0b5ed8d', '0.000001', ''],
  ['41b3de4355555553', '333333333.3333332', ''],
  ['41b3de4355555554', '333333333.33333325', ''],
  ['41b3de4355555555', '333333333.3333333', ''],
  ['41b3de4355555556', '333333333.3333334', ''],
  ['41b3de4355555557', '333333333.33333343', ''],
  ['becbf647612f3696', '-0.0000033333333333333333', ''],
  ['43143ff3c1cb0959', '1424953923781206.2', 'Round to even (4)'],
];
for (const [h, want, c] of appendixB) {
  const got = String(bitsToDouble(BigInt('0x' + h)));
  if (got !== want) throw new Error(`node disagrees with RFC 8785 Appendix B: ${h} -> ${got}, RFC says ${want}`);
  addBits(BigInt('0x' + h), 'RFC 8785 Appendix B' + (c ? ': ' + c : ''));
}
// Appendix B rows with no JSON representation (note (3)).
const invalid = [
  { bits: '7fffffffffffffff', comment: 'RFC 8785 Appendix B: NaN (3)' },
  { bits: '7ff0000000000000', comment: 'RFC 8785 Appendix B: Infinity (3)' },
  { bits: 'fff0000000000000', comment: '-Infinity' },
  { bits: '7ff8000000000000', comment: 'NaN (quiet, canonical)' },
  { bits: 'fff8000000000000', comment: 'NaN (quiet, sign bit set)' },
  { bits: '7ff0000000000001', comment: 'NaN (signalling, minimal payload)' },
  { bits: 'fff0000000000001', comment: 'NaN (signalling, sign bit set)' },
  { bits: '7ff4000000000000', comment: 'NaN (signalling)' },
  { bits: 'ffffffffffffffff', comment: 'NaN (all bits set)' },
];
for (const e of invalid) {
  const x = bitsToDouble(BigInt('0x' + e.bits));
  if (Number.isFinite(x)) throw new Error('expected non-finite: ' + e.bits);
}

// 2. Named special values.
addValue(Number.MIN_VALUE, 'Number.MIN_VALUE');
addValue(-Number.MIN_VALUE, '-Number.MIN_VALUE');
addValue(Number.MAX_VALUE, 'Number.MAX_VALUE');
addValue(-Number.MAX_VALUE, '-Number.MAX_VALUE');
addValue(nextDown(Number.MAX_VALUE), 'nextDown(MAX_VALUE)');
addValue(Number.EPSILON, 'Number.EPSILON');
addValue(Number.MAX_SAFE_INTEGER, 'Number.MAX_SAFE_INTEGER');
addValue(Number.MIN_SAFE_INTEGER, 'Number.MIN_SAFE_INTEGER');
addValue(2 ** 53 + 2, '2^53+2');
addValue(2 ** 53 + 4, '2^53+4');
addValue(2 ** 54, '2^54');
addValue(2 ** 63, '2^63');
addValue(2 ** 64, '2^64');
addValue(2 ** 64 - 2048, 'largest double below 2^64');
addValue(2 ** 68, '2^68');
addValue(2 ** 1023, '2^1023');
addValue(2 ** -1022, 'smallest normal 2^-1022');
addValue(2 ** -1074, 'smallest subnormal 2^-1074');
addValue(1, '1');
addValue(-1, '-1');
addValue(0.5, '0.5');
addValue(0.1, '0.1');
addValue(0.2, '0.2');
addValue(0.3, '0.3');
addValue(0.1 + 0.2, '0.1+0.2');
addValue(0.2 + 0.3, '0.2+0.3');
addValue(0.7 + 0.1, '0.7+0.1');
addValue(1.1 * 1.1, '1.1*1.1');
addValue(1 / 3, '1/3');
addValue(2 / 3, '2/3');
addValue(-1 / 3, '-1/3');
addValue(Math.PI, 'Math.PI');
addValue(Math.E, 'Math.E');
addValue(Math.SQRT2, 'Math.SQRT2');
addValue(100, '100');
addValue(1e100, '1e100');
addValue(123456789012345680000, '123456789012345680000');
addValue(1.5e300, '1.5e300');
addValue(4.35, '4.35');
addValue(0.000001234, '0.000001234');
addValue(1e-7 * 1.5, '1.5e-7');

// 3. Format boundaries of Number::toString: fixed notation for
//    1e-7 < |x| < 1e21, exponential outside; neighbours on each side.
for (const x of [1e-7, 1e-6, 1e20, 1e21, 9.999999999999999e20, 9.999999999999999e-7,
                 1e-5, 1e15, 1e16, 1e17, 1e22, 1e23, 5e-7, 5e-324, 1e-323, 2.5e-323]) {
  for (const s of [1, -1]) {
    addValue(s * x);
    addValue(s * nextUp(x));
    addValue(s * nextDown(x));
  }
}
// Powers of ten (as parsed from the literal "1e<k>"): every k in -30..30
// with both neighbours, every 5th k elsewhere, and the extremes.
for (let k = -323; k <= 308; k++) {
  const x = Number('1e' + k);
  if (x === 0 || !Number.isFinite(x)) continue;
  if (k >= -30 && k <= 30) { addValue(x); addValue(nextUp(x)); addValue(nextDown(x)); }
  else if (k % 5 === 0 || k <= -320 || k >= 306) addValue(x);
}
// Digits 1..9 times the powers of ten around the fixed/exponential switch.
for (let k = -9; k <= 22; k++) {
  for (let d = 1; d <= 9; d++) addValue(Number(d + 'e' + k));
}
// Powers of two across the whole exponent range (normal and subnormal).
for (let e = -1074; e <= 1023; e += 29) addValue(2 ** e);
for (let e = -10; e <= 80; e++) addValue(2 ** e);

// 4. Subnormals: the first few, the last few, and random ones.
for (let i = 1n; i <= 12n; i++) addBits(i);
addBits(0x000fffffffffffffn, 'largest subnormal');
addBits(0x000ffffffffffffen);
addBits(0x0010000000000000n, 'smallest normal');
addBits(0x0010000000000001n);
addBits(0x800fffffffffffffn, '-largest subnormal');
for (let i = 0; i < 80; i++) {
  const mant = rand64() & 0xfffffffffffffn;
  const sign = (rand64() & 1n) << 63n;
  addBits(sign | (mant === 0n ? 1n : mant));
}

// 5. Random integers with |n| <= 2^53, spread over bit lengths 1..53.
for (let i = 0; i < 250; i++) {
  const bitsLen = 1 + randInt(53);
  let n = rand64() & ((1n << BigInt(bitsLen)) - 1n);
  if (bitsLen === 53 && (rand64() & 7n) === 0n) n = 1n << 53n; // sometimes exactly 2^53
  const v = Number(n) * ((rand64() & 1n) ? -1 : 1);
  addValue(v);
}
// Integers just above 2^53 (even spacing) and large integer-valued doubles.
for (let i = 0; i < 40; i++) {
  const e = 53 + randInt(20);                      // 2^53 .. 2^72
  const mant = rand64() & 0xfffffffffffffn;
  addBits(((BigInt(e) + 1023n) << 52n) | mant);
}

// 6. Short decimals: d digits (1..17) with a random decimal exponent,
//    parsed from text so the shortest form is usually the literal itself.
for (let i = 0; i < 250; i++) {
  const digits = 1 + randInt(17);
  let m = '';
  for (let j = 0; j < digits; j++) m += String(j === 0 ? 1 + randInt(9) : randInt(10));
  const exp = randInt(60) - 30;
  const x = Number((randInt(2) ? '-' : '') + m + 'e' + exp);
  if (Number.isFinite(x) && x !== 0) addValue(x);
}

// 7. Random bit patterns with a uniformly chosen biased exponent (0..2046),
//    so every binade is exercised, not only the large-exponent ones.
for (let i = 0; i < 520; i++) {
  const e = BigInt(randInt(2047));
  const mant = rand64() & 0xfffffffffffffn;
  const sign = (rand64() & 1n) << 63n;
  addBits(sign | (e << 52n) | mant);
}

// 8. Fully random 64-bit patterns (NaN / Infinity skipped).
let added = 0;
while (added < 160) {
  const b = rand64();
  if (!isFiniteBits(b)) continue;
  addBits(b);
  added++;
}

// ---------------------------------------------------------------- write
function writeArray(file, arr) {
  const body = arr.map((e) => JSON.stringify(e)).join(',\n');
  const text = '[\n' + body + '\n]\n';
  if (/[^\x00-\x7f]/.test(text)) throw new Error('non-ASCII output in ' + file);
  fs.writeFileSync(path.join(FIXTURES, file), text);
  console.log(`${file}: ${arr.length} entries`);
}
writeArray('jcs-numbers.json', entries);
writeArray('jcs-numbers-invalid.json', invalid);
