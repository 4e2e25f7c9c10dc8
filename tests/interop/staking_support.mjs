// What the staking interop tests share: sp-arithmetic's Perbill rounding (to recompute FRAME's
// payouts and slashes exactly), polkadot.js submission that reports the dispatch error, and the
// events of every canonical block as finality advances.

import assert from 'node:assert/strict';

export const KSM = 1_000_000_000_000n;
export const BILLION = 1_000_000_000n;

// Perbill::from_rational(p, q): rounded down, saturating at one.
export function perbillFromRational(p, q) {
  if (q === 0n || p >= q) return BILLION;
  return (p * BILLION) / q;
}

// `Perbill * balance` (overflow_prune_mul with Rounding::NearestPrefDown): the exact product
// rounded to the nearest integer, a half rounded down.
export function perbillMul(parts, x) {
  const n = x * parts;
  const q = n / BILLION;
  return (n % BILLION) * 2n > BILLION ? q + 1n : q;
}

// Perbill::square: the product rounded down.
export const perbillSquare = (p) => (p * p) / BILLION;

// Signs and sends `tx`; resolves once it is in a block (or, with `{ finalized: true }`, in a
// finalized block: a test that reads the state after two transactions in turn must not see a fork
// that lost the first) with that block's events of the extrinsic and the dispatch error, if any,
// as `section.Name`; rejects if the pool drops it, or, with the statuses it went through, if it is
// still not in after `timeoutMs` (rather than leaving the test to its ctest timeout).
export function submit(api, tx, signer, { finalized = false, timeoutMs = 180000 } = {}) {
  return new Promise((resolve, reject) => {
    let done = false;
    let unsub;
    const statuses = [];
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      unsub?.();
      reject(new Error(`${tx.method.section}.${tx.method.method} not ${finalized ? 'finalized' : 'in a block'} ` +
        `after ${timeoutMs / 1000} s; its statuses: ${statuses.join(', ') || 'none'}`));
    }, timeoutMs);
    tx.signAndSend(signer, (result) => {
      if (done) return;
      const { status, events, dispatchError } = result;
      statuses.push(status.type);
      // In block: Finalized too, as polkadot.js may cancel the InBlock result when Finalized
      // follows before it fetched the block's events (see dev_node.test.mjs).
      if (finalized ? status.isFinalized : status.isInBlock || status.isFinalized) {
        done = true;
        let error = null;
        if (dispatchError) {
          if (dispatchError.isModule) {
            const meta = api.registry.findMetaError(dispatchError.asModule);
            error = `${meta.section}.${meta.name}`;
          } else {
            error = dispatchError.toString();
          }
        }
        clearTimeout(timer);
        unsub?.();
        resolve({ blockHash: status.isFinalized ? status.asFinalized : status.asInBlock, events: events.map((e) => e.event), error });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        done = true;
        clearTimeout(timer);
        unsub?.();
        reject(new Error(`${tx.method.section}.${tx.method.method}: ${status.toString()}`));
      }
    }).then((u) => { unsub = u; if (done) u(); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

// submit, and the call must succeed (a batch must not be interrupted).
export async function submitOk(api, tx, signer, options) {
  const r = await submit(api, tx, signer, options);
  assert.equal(r.error, null, `${tx.method.section}.${tx.method.method} failed: ${r.error}`);
  const interrupted = r.events.find((e) => e.section === 'utility' && e.method === 'BatchInterrupted');
  assert.ok(!interrupted, `batch interrupted: ${JSON.stringify(interrupted?.toHuman())}`);
  return r;
}

// Every finalized block's number, hash, header, extrinsics and events, in order, filled in as
// finality advances (finalized heads can skip blocks: the gaps are read by number). `find`
// returns the first event matching section, method and a predicate on its data, with its block.
export async function followFinalized(api) {
  const blocks = [];
  let scanned = 0;
  let scanning = Promise.resolve();
  const unsubscribe = await api.rpc.chain.subscribeFinalizedHeads((header) => {
    const number = header.number.toNumber();
    scanning = scanning.then(async () => {
      for (let n = scanned + 1; n <= number; ++n) {
        const hash = await api.rpc.chain.getBlockHash(n);
        const [events, block] = await Promise.all([
          (await api.at(hash)).query.system.events(), api.rpc.chain.getBlock(hash)]);
        blocks.push({ number: n, hash, header: block.block.header, events, extrinsics: block.block.extrinsics });
      }
      scanned = Math.max(scanned, number);
    }).catch(() => {});
  });
  const find = (section, method, pred = () => true) => {
    for (const block of blocks) {
      for (const { event } of block.events) {
        if (event.section === section && event.method === method && pred(event.data)) return { block, event };
      }
    }
    return null;
  };
  return { blocks, find, unsubscribe };
}
