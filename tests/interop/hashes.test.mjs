// Hashes: Canary's BLAKE2b, xxHash (twox), Keccak and SHA-2 against @polkadot/util-crypto on random
// inputs of all sizes around the block boundaries of each function (64/128/136-byte blocks,
// 32-byte xxHash stripes).

import assert from 'node:assert/strict';
import {
  blake2AsU8a,
  cryptoWaitReady,
  keccakAsU8a,
  sha256AsU8a,
  sha512AsU8a,
  xxhashAsU8a,
} from '@polkadot/util-crypto';
import { Helper, check, finish, makeRng, parseArgs, toHex } from './lib.mjs';

const TEST = 'interop.hashes';

const { helper: helperPath } = parseArgs();
const rng = makeRng(TEST);
const helper = new Helper(helperPath);
await cryptoWaitReady();

const HASHES = {
  blake2_128: (d) => blake2AsU8a(d, 128),
  blake2_256: (d) => blake2AsU8a(d, 256),
  blake2_512: (d) => blake2AsU8a(d, 512),
  twox_64: (d) => xxhashAsU8a(d, 64),
  twox_128: (d) => xxhashAsU8a(d, 128),
  twox_256: (d) => xxhashAsU8a(d, 256),
  keccak_256: (d) => keccakAsU8a(d, 256),
  keccak_512: (d) => keccakAsU8a(d, 512),
  sha2_256: (d) => sha256AsU8a(d),
  sha2_512: (d) => sha512AsU8a(d),
};

// Every length up to 300 (crosses each block size at least twice), plus a few large inputs.
const inputs = [
  ...Array.from({ length: 301 }, (_, n) => rng.bytes(n)),
  ...Array.from({ length: 5 }, () => rng.bytes(1000 + rng.int(100_000))),
];

for (const [algo, js] of Object.entries(HASHES)) {
  await check(`${algo} matches polkadot.js`, async () => {
    const res = await helper.requestAll(inputs.map((d) => ({ op: 'hash', algo, data: toHex(d) })));
    inputs.forEach((d, i) => {
      assert.equal(res[i].hex, toHex(js(d)), `${algo} of ${d.length} bytes ${toHex(d).slice(0, 80)}`);
    });
  });
}

await helper.close();
finish(TEST);
