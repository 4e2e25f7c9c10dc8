// SCALE: Canary's codec against @polkadot/types, both ways, on random values of each type.
//
// For every value v of every type:
//   1. polkadot.js encodes v and Canary encodes v: the bytes must be equal;
//   2. Canary decodes polkadot.js's bytes back to v;
//   3. polkadot.js decodes Canary's bytes (pedantic: the bytes must re-encode identically) to v;
//   4. the bytes truncated, or with a byte appended, are rejected by both;
//   5. the bytes with one byte changed are accepted by both or rejected by both, and when
//      accepted decode to the same value on both sides.
// Plus hand-picked malformed inputs (non-canonical compacts, bad tags, invalid UTF-8, ...) that
// both must reject.
//
// Values travel to the helper in the JSON form of tests/interop/helper/json_value.hpp (integers as
// decimal strings, bytes as hex, Option as null/value, Result as {Ok}/{Err}, maps as [k, v] pairs,
// BitVec as bools); each spec below converts between that form and polkadot.js codecs.

import assert from 'node:assert/strict';
import { TypeRegistry, createTypeUnsafe } from '@polkadot/types';
import { compactFromU8a, u8aEq } from '@polkadot/util';
import { Helper, check, finish, fromHex, makeRng, parseArgs, toHex } from './lib.mjs';

const TEST = 'interop.scale';
const VALUES_PER_TYPE = 60;

const { helper: helperPath } = parseArgs();
const rng = makeRng(TEST);
const helper = new Helper(helperPath);

const registry = new TypeRegistry();
registry.register({
  CanaryStruct: { parent: 'H256', number: 'Compact<u32>', flags: 'Vec<bool>' },
  CanaryEnum: { _enum: { A: 'u32', B: 'Text', C: 'Null' } },
  CanaryCLike: { _enum: { X: 0, Y: 5, Z: 42 } },
  CanaryNested: {
    id: 'Compact<u128>',
    maybe: 'Option<CanaryEnum>',
    pairs: 'Vec<(u8,Text)>',
    outcome: 'Result<Null,Text>',
  },
});

// ---- type specs -----------------------------------------------------------------------------------
// { name: helper and polkadot.js type name, gen(): a random value in helper form, edge: values
//   always tested, toPjs(v): polkadot.js input, fromPjs(codec): helper form, compare(a, b): key
//   order for map keys }

function uint(bits, name = `u${bits}`) {
  const max = (1n << BigInt(bits)) - 1n;
  const edge = [0n, 1n, max, max - 1n, max >> 1n].map(String);
  return {
    name,
    edge,
    gen: () => String(rng.bigSpread(bits)),
    toPjs: (v) => v,
    fromPjs: (c) => c.toBigInt().toString(),
    compare: (a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0),
  };
}

function int(bits) {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const edge = [0n, 1n, -1n, max, -max - 1n].map(String);
  return {
    name: `i${bits}`,
    edge,
    gen: () => {
      const v = rng.bigSpread(bits - 1);
      return String(rng.bool() ? -v - 1n : v);
    },
    toPjs: (v) => v,
    fromPjs: (c) => c.toBigInt().toString(),
  };
}

// The compact boundaries of the issue, where they fit the type.
const COMPACT_EDGES = [
  0n, 1n, 63n, 64n, 16383n, 16384n, (1n << 30n) - 1n, 1n << 30n, (1n << 32n) - 1n, 1n << 32n,
  (1n << 64n) - 1n, (1n << 128n) - 1n,
];

function compact(bits) {
  const max = (1n << BigInt(bits)) - 1n;
  return {
    ...uint(bits),
    name: `Compact<u${bits}>`,
    edge: COMPACT_EDGES.filter((v) => v <= max).map(String),
  };
}

const bool = {
  name: 'bool',
  edge: [true, false],
  gen: () => rng.bool(),
  toPjs: (v) => v,
  fromPjs: (c) => c.isTrue,
};

const NULL = { name: 'Null', edge: [null], gen: () => null, toPjs: () => null, fromPjs: () => null };

// Random text over several scripts (1- to 4-byte UTF-8), never lone surrogates.
const CODE_POINT_RANGES = [
  [0x20, 0x7e], [0x00, 0x1f], [0xa0, 0x24f], [0x391, 0x3c9], [0x4e00, 0x9fff], [0xe000, 0xfffd],
  [0x1f300, 0x1f64f], [0x10000, 0x10ffff],
];
function randomText(maxLength = 20) {
  let s = '';
  const n = rng.int(maxLength + 1);
  for (let i = 0; i < n; ++i) {
    const [lo, hi] = rng.pick(CODE_POINT_RANGES);
    const c = lo + rng.int(hi - lo + 1);
    // polkadot.js decodes text with TextDecoder, which drops a leading byte-order mark: a string
    // starting with U+FEFF would not survive its round trip (Canary keeps the bytes, as Rust does).
    s += String.fromCodePoint(i === 0 && c === 0xfeff ? 0xfefe : c);
  }
  return s;
}
const utf8Compare = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

const text = {
  name: 'Text',
  edge: ['', 'a', 'Grüße, 世界 🦀', 'x'.repeat(64), 'y'.repeat(16384)],
  gen: () => randomText(),
  toPjs: (v) => v,
  fromPjs: (c) => c.toString(),
  compare: utf8Compare,
};

function bytesSpec(name = 'Bytes') {
  return {
    name,
    edge: ['0x', '0x00', toHex(new Uint8Array(64).fill(0xab))],
    gen: () => toHex(rng.bytes(rng.int(rng.bool() ? 8 : 300))),
    // A Bytes codec rather than hex: polkadot.js reads the hex `0x` as "no value" (so
    // Option<Bytes> would become None), and a Uint8Array as SCALE-encoded.
    toPjs: (v) => registry.createType('Bytes', v),
    fromPjs: (c) => c.toHex(),
    compare: (a, b) => Buffer.compare(fromHex(a), fromHex(b)),
  };
}

function fixedBytes(n, name) {
  return {
    name,
    edge: [toHex(new Uint8Array(n)), toHex(new Uint8Array(n).fill(0xff))],
    gen: () => toHex(rng.bytes(n)),
    toPjs: (v) => v,
    fromPjs: (c) => c.toHex(),
  };
}

function option(inner, name = `Option<${inner.name}>`) {
  return {
    name,
    edge: [null, ...inner.edge.slice(0, 2)],
    gen: () => (rng.int(4) === 0 ? null : inner.gen()),
    toPjs: (v) => (v === null ? null : inner.toPjs(v)),
    fromPjs: (c) => (c.isNone ? null : inner.fromPjs(c.unwrap())),
  };
}

function vec(inner, name = `Vec<${inner.name}>`, maxLength = 12) {
  return {
    name,
    edge: [[], inner.edge.slice(0, 3)],
    gen: () => Array.from({ length: rng.int(maxLength + 1) }, () => inner.gen()),
    toPjs: (v) => v.map(inner.toPjs),
    fromPjs: (c) => Array.from(c, (e) => inner.fromPjs(e)),
  };
}

function fixedArray(inner, n) {
  return {
    name: `[${inner.name};${n}]`,
    edge: [Array(n).fill(inner.edge[0])],
    gen: () => Array.from({ length: n }, () => inner.gen()),
    toPjs: (v) => v.map(inner.toPjs),
    fromPjs: (c) => Array.from(c, (e) => inner.fromPjs(e)),
  };
}

function tuple(...inners) {
  return {
    name: `(${inners.map((i) => i.name).join(',')})`,
    edge: [inners.map((i) => i.edge[0])],
    gen: () => inners.map((i) => i.gen()),
    toPjs: (v) => v.map((e, i) => inners[i].toPjs(e)),
    fromPjs: (c) => Array.from(c, (e, i) => inners[i].fromPjs(e)),
  };
}

function result(ok, err) {
  return {
    name: `Result<${ok.name},${err.name}>`,
    edge: [{ Ok: ok.edge[0] }, { Err: err.edge[0] }],
    gen: () => (rng.bool() ? { Ok: ok.gen() } : { Err: err.gen() }),
    toPjs: (v) => ('Ok' in v ? { Ok: ok.toPjs(v.Ok) } : { Err: err.toPjs(v.Err) }),
    fromPjs: (c) => (c.isOk ? { Ok: ok.fromPjs(c.asOk) } : { Err: err.fromPjs(c.asErr) }),
  };
}

// Entries sorted as Rust's BTreeMap orders its keys; both sides must produce that order.
function btreeMap(key, value) {
  const sortEntries = (entries) => entries.sort(([a], [b]) => key.compare(a, b));
  return {
    name: `BTreeMap<${key.name},${value.name === 'Bytes' ? 'Vec<u8>' : value.name}>`,
    pjsName: `BTreeMap<${key.name},${value.name}>`,
    edge: [[]],
    gen: () => {
      const entries = new Map();
      const n = rng.int(8);
      for (let i = 0; i < n; ++i) entries.set(key.gen(), value.gen());
      return sortEntries([...entries.entries()]);
    },
    toPjs: (v) => new Map(v.map(([k, x]) => [key.toPjs(k), value.toPjs(x)])),
    fromPjs: (c) => Array.from(c.entries(), ([k, x]) => [key.fromPjs(k), value.fromPjs(x)]),
    // Rust decodes a BTreeMap from any entry order (later duplicates win); polkadot.js's pedantic
    // mode re-sorts and so refuses such bytes. Canary follows Rust, so that difference is allowed
    // when Canary's own re-encoding shows the input was not in canonical order.
    allowCanaryOnlyAccept: (canaryReencoded, input) => canaryReencoded !== input,
  };
}

// polkadot.js cannot encode a BitVec from booleans (it reads arrays as bytes) and keeps no bit
// count of its own: it encodes packed bytes with 8 bits each, and keeps the count of what it
// decoded. So the polkadot.js→Canary direction is tested on whole bytes only.
const bitVec = {
  name: 'BitVec',
  edge: [[], [true], [false, true, false, false, false, false, false, true, true]],
  gen: () => Array.from({ length: rng.int(40) }, () => rng.bool()),
  pjsEncode: (v) => {
    if (v.length % 8 !== 0) return undefined;
    const packed = new Uint8Array(v.length / 8);
    v.forEach((bit, i) => (packed[i >> 3] |= bit ? 1 << (i & 7) : 0));
    return registry.createType('BitVec', toHex(packed)).toU8a();
  },
  fromPjs: (c) => {
    const [, bits] = compactFromU8a(c.toU8a());
    return c.toBoolArray().slice(0, bits.toNumber());
  },
  // Rust (bitvec + parity-scale-codec) ignores the padding bits of the last byte when decoding
  // and writes them as zeros; Canary does the same, polkadot.js keeps the bytes it was given.
  canonical: (hex) => {
    const u8a = fromHex(hex);
    const [offset, bits] = compactFromU8a(u8a);
    const n = bits.toNumber();
    if (n % 8 !== 0) u8a[offset + (n >> 3)] &= (1 << (n % 8)) - 1;
    return toHex(u8a);
  },
};

function struct(name, fields) {
  const entries = Object.entries(fields);
  const mapFields = (v, f) => Object.fromEntries(entries.map(([k, s]) => [k, f(s, v[k])]));
  return {
    name,
    edge: [Object.fromEntries(entries.map(([k, s]) => [k, s.edge[0]]))],
    gen: () => Object.fromEntries(entries.map(([k, s]) => [k, s.gen()])),
    toPjs: (v) => mapFields(v, (s, x) => s.toPjs(x)),
    fromPjs: (c) => Object.fromEntries(entries.map(([k, s]) => [k, s.fromPjs(c.get(k))])),
  };
}

function enumeration(name, variants) {
  const entries = Object.entries(variants);
  return {
    name,
    edge: entries.map(([k, s]) => ({ [k]: s.edge[0] })),
    gen: () => {
      const [k, s] = rng.pick(entries);
      return { [k]: s.gen() };
    },
    toPjs: (v) => {
      const [k, x] = Object.entries(v)[0];
      return { [k]: variants[k].toPjs(x) };
    },
    fromPjs: (c) => ({ [c.type]: variants[c.type].fromPjs(c.value) }),
  };
}

const cLike = {
  name: 'CanaryCLike',
  edge: ['X', 'Y', 'Z'],
  gen: () => rng.pick(['X', 'Y', 'Z']),
  toPjs: (v) => v,
  fromPjs: (c) => c.type,
};

const u8 = uint(8);
const u32 = uint(32);
const canaryEnum = enumeration('CanaryEnum', { A: u32, B: text, C: NULL });

const SPECS = [
  u8, uint(16), u32, uint(64), uint(128),
  int(8), int(16), int(32), int(64), int(128),
  bool,
  compact(8), compact(16), compact(32), compact(64), compact(128),
  option(u32), option(bool), option(bool, 'OptionBool'), option(bytesSpec()), option(tuple(u8, text)),
  bytesSpec(), text, fixedBytes(32, 'H256'),
  vec(u32), vec(uint(128)), vec(text), vec(bytesSpec()), vec(option(bool)), vec(compact(64)),
  tuple(u32, bool, compact(64)),
  fixedBytes(4, '[u8;4]'), fixedArray(u32, 3),
  result(u32, text),
  btreeMap(text, u32), btreeMap(u32, bytesSpec()),
  bitVec,
  struct('CanaryStruct', { parent: fixedBytes(32, 'H256'), number: compact(32), flags: vec(bool, 'Vec<bool>', 20) }),
  canaryEnum,
  cLike,
  struct('CanaryNested', {
    id: compact(128),
    maybe: option(canaryEnum),
    pairs: vec(tuple(u8, text)),
    outcome: result(NULL, text),
  }),
];

// ---- polkadot.js side -----------------------------------------------------------------------------

const pjsName = (spec) => spec.pjsName ?? spec.name;

function pjsEncode(spec, v) {
  if (spec.pjsEncode) return spec.pjsEncode(v);
  return registry.createType(pjsName(spec), spec.toPjs(v)).toU8a();
}

// polkadot.js's reading of a byte string: decode, then require that re-encoding gives the same
// bytes back. That is how polkadot.js rejects truncated, trailing or non-canonical input (it fills
// or ignores rather than throwing). The check is written out here rather than taken from
// createType's `isPedantic` option, which lets two cases slide: any all-zero input whose value is
// empty (so `0x0000` passes as u32 0 and `0x00` as i16 0), and Bytes/Text whose length merely
// matches.
function pjsDecode(spec, u8a) {
  let codec;
  try {
    codec = createTypeUnsafe(registry, pjsName(spec), [u8a]);
  } catch (e) {
    return { error: e.message };
  }
  if (!u8aEq(codec.toU8a(), u8a)) {
    return { error: `re-encodes as ${toHex(codec.toU8a())}`, codec };
  }
  return { codec };
}

const short = (v) => {
  const s = String(JSON.stringify(v));
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
};

// ---- checks ---------------------------------------------------------------------------------------

await check('helper knows every type', async () => {
  const { scaleTypes } = await helper.call({ op: 'ping' });
  for (const spec of SPECS) assert.ok(scaleTypes.includes(spec.name), `helper lacks ${spec.name}`);
});

const stats = { values: 0, pjsToCanary: 0, mutationsAccepted: 0, mutationsRejected: 0, mapReorders: 0 };

for (const spec of SPECS) {
  await check(`${spec.name} round trips both ways`, async () => {
    const values = [...spec.edge];
    while (values.length < spec.edge.length + VALUES_PER_TYPE) values.push(spec.gen());

    const encoded = await helper.requestAll(
      values.map((value) => ({ op: 'scale_encode', type: spec.name, value })),
    );
    const pjsBytes = values.map((v) => pjsEncode(spec, v));
    const decodedFromPjs = await helper.requestAll(
      pjsBytes.map((b) => b && { op: 'scale_decode', type: spec.name, hex: toHex(b) }).filter(Boolean),
    );

    let next = 0;
    for (let i = 0; i < values.length; ++i) {
      const v = values[i];
      const what = `${spec.name} ${short(v)}`;
      assert.equal(encoded[i].error, undefined, `Canary cannot encode ${what}: ${encoded[i].error}`);
      const canaryHex = encoded[i].hex;
      if (pjsBytes[i]) {
        ++stats.pjsToCanary;
        assert.equal(canaryHex, toHex(pjsBytes[i]), `encodings differ for ${what}`);
        const back = decodedFromPjs[next++];
        assert.equal(back.error, undefined, `Canary rejects polkadot.js bytes of ${what}`);
        assert.deepEqual(back.value, v, `Canary decodes polkadot.js bytes of ${what} differently`);
      }
      const decoded = pjsDecode(spec, fromHex(canaryHex));
      assert.equal(decoded.error, undefined, `polkadot.js rejects Canary bytes ${canaryHex} of ${what}`);
      assert.deepEqual(spec.fromPjs(decoded.codec), v, `polkadot.js decodes ${canaryHex} differently`);
      ++stats.values;
    }
  });

  await check(`${spec.name} malformed bytes are rejected like polkadot.js`, async () => {
    const values = Array.from({ length: VALUES_PER_TYPE }, () => spec.gen());
    const encoded = (
      await helper.requestAll(values.map((value) => ({ op: 'scale_encode', type: spec.name, value })))
    ).map((r) => fromHex(r.hex));

    // Truncated and extended inputs: a strict prefix of an encoding is never a complete encoding,
    // so both sides must refuse, whatever the type.
    const broken = [];
    for (const bytes of encoded) {
      if (bytes.length > 0) broken.push(bytes.slice(0, rng.int(bytes.length)));
      broken.push(Uint8Array.from([...bytes, rng.u32() & 0xff]));
    }
    const brokenResults = await helper.requestAll(
      broken.map((b) => ({ op: 'scale_decode', type: spec.name, hex: toHex(b) })),
    );
    broken.forEach((b, i) => {
      assert.notEqual(brokenResults[i].error, undefined, `Canary accepts malformed ${toHex(b)}: ${short(brokenResults[i].value)}`);
      assert.notEqual(pjsDecode(spec, b).error, undefined, `polkadot.js accepts malformed ${toHex(b)}`);
    });

    // One changed byte: whatever the bytes mean now, both sides must agree on them.
    const mutated = encoded
      .filter((b) => b.length > 0)
      .map((b) => {
        const out = Uint8Array.from(b);
        const at = rng.int(out.length);
        // Half the time a small change (e.g. a tag or length off by one), else any other value.
        out[at] = rng.bool() ? (out[at] + (rng.bool() ? 1 : 255)) & 0xff : out[at] ^ (1 + rng.int(255));
        return out;
      });
    const mutatedResults = await helper.requestAll(
      mutated.map((b) => ({ op: 'scale_decode', type: spec.name, hex: toHex(b) })),
    );
    const reencoded = await helper.requestAll(
      mutatedResults.map((r) =>
        r.error === undefined ? { op: 'scale_encode', type: spec.name, value: r.value } : { op: 'ping' },
      ),
    );
    mutated.forEach((b, i) => {
      const canary = mutatedResults[i];
      // A mutated length prefix can claim millions of elements: polkadot.js then grows an array
      // until V8 aborts the process. Canary refuses such input from the length alone, so where it
      // does (too short for the length, over the cap, or a non-canonical compact), polkadot.js is
      // not asked: it would reject the input too, after the allocation.
      if (canary.error !== undefined && /not enough data|length prefix|shortest form/.test(canary.error)) {
        ++stats.mutationsRejected;
        return;
      }
      const pjs = pjsDecode(spec, b);
      const hex = toHex(b);
      if (canary.error === undefined && pjs.error !== undefined) {
        if (spec.allowCanaryOnlyAccept?.(reencoded[i].hex, hex)) {
          ++stats.mapReorders;
          return;
        }
        assert.fail(`Canary accepts ${hex} as ${short(canary.value)}, polkadot.js rejects: ${pjs.error}`);
      }
      if (canary.error !== undefined && pjs.error === undefined) {
        assert.fail(`Canary rejects ${hex} (${canary.error}), polkadot.js accepts ${short(pjs.codec.toJSON())}`);
      }
      if (canary.error === undefined) {
        ++stats.mutationsAccepted;
        assert.deepEqual(canary.value, spec.fromPjs(pjs.codec), `${hex} decodes differently`);
        // polkadot.js re-encodes the bytes identically, so they are canonical: Canary must too.
        const expected = spec.canonical ? spec.canonical(hex) : hex;
        assert.equal(reencoded[i].hex, expected, `Canary does not re-encode ${hex} as ${expected}`);
      } else {
        ++stats.mutationsRejected;
      }
    });
  });
}

// Inputs polkadot.js (pedantic) and Rust's parity-scale-codec refuse; Canary must refuse them too.
const MALFORMED = [
  ['Compact<u32>', '0x0500', 'one in two-byte mode'],
  ['Compact<u32>', '0x02000000', 'zero in four-byte mode'],
  ['Compact<u64>', '0x03ffffff3f', '2^30-1 in big-integer mode'],
  ['Compact<u64>', '0x070000000100', 'big-integer mode with a zero top byte'],
  ['Compact<u32>', '0x070000000001', '2^32 does not fit u32'],
  ['Compact<u8>', '0x0104', '256 does not fit u8'],
  ['Compact<u64>', '0x17000000000000000001', '2^64 does not fit u64'],
  ['bool', '0x02', 'bool byte 2'],
  ['Option<u32>', '0x0201000000', 'Option tag 2'],
  ['Option<bool>', '0x03', 'Option<bool> byte 3'],
  ['OptionBool', '0x03', 'OptionBool byte 3'],
  ['Result<u32,Text>', '0x0200000000', 'Result tag 2'],
  ['Text', '0x08c328', 'invalid UTF-8'],
  ['Text', '0x0ceda080', 'UTF-8 encoded surrogate'],
  ['Text', '0x08c0af', 'overlong UTF-8'],
  ['Text', '0x10f4908080', 'code point above U+10FFFF'],
  ['CanaryEnum', '0x03', 'enum index out of range'],
  ['CanaryCLike', '0x01', 'undeclared discriminant'],
  ['Vec<u32>', '0xfeffffff', 'length 2^30-1 without elements'],
  ['Bytes', '0x0c0102', 'three bytes announced, two given'],
  ['[u32;3]', '0x0100000002000000', 'fixed array one element short'],
  ['CanaryStruct', '0x' + '00'.repeat(32) + '0004' + '02', 'Vec<bool> element 2'],
];

await check('hand-picked malformed inputs are rejected by both', async () => {
  const results = await helper.requestAll(
    MALFORMED.map(([type, hex]) => ({ op: 'scale_decode', type, hex })),
  );
  MALFORMED.forEach(([type, hex, why], i) => {
    const spec = SPECS.find((s) => s.name === type);
    assert.notEqual(pjsDecode(spec, fromHex(hex)).error, undefined, `polkadot.js accepts ${type} ${hex} (${why})`);
    assert.notEqual(results[i].error, undefined, `Canary accepts ${type} ${hex} (${why}): ${short(results[i].value)}`);
  });
});

await helper.close();
console.log(
  `[${TEST}] ${stats.values} values both ways (${stats.pjsToCanary} encoded by polkadot.js), ` +
    `mutations: ${stats.mutationsAccepted} accepted by both, ${stats.mutationsRejected} rejected by both, ` +
    `${stats.mapReorders} non-canonical map orders accepted by Canary only (as Rust)`,
);
finish(TEST);
