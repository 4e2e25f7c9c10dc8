// What the forkless-upgrade interop tests share (runtime_upgrade, upgrade_referendum,
// testnet_upgrade): the next runtime's facts (spec 1001; its migration moves the Template pallet's
// storage to version 1 and writes Template.Something = 1001, runtime/canary/README.md), sending a
// transaction and waiting for its block, a root referendum driven with polkadot.js only, finding
// the block that set the code, and what every client must see once a node runs the new code.

import assert from 'node:assert/strict';
import { blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { rpc, until } from './dev_node_process.mjs';

export const SPEC = 1000;
export const KSM = 1_000_000_000_000n;
// Template's storage version: twox128("Template") ‖ twox128(":__STORAGE_VERSION__:").
export const templateVersionKey =
  xxhashAsHex('Template', 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);

export const names = (events) => events.map(({ event }) => `${event.section}.${event.method}`);
export const find = (events, section, method) =>
  events.find(({ event }) => event.section === section && event.method === method);

// Sends `tx` (signed by `signer`, or unsigned without one); resolves with the inclusion block and
// its events for the extrinsic. On a testnet a block reported InBlock may be gone by the time
// polkadot.js reads its events (a fork that finality pruned): it then has no events at all (an
// included extrinsic always has ExtrinsicSuccess or ExtrinsicFailed), and the next status (InBlock
// in the block that includes it again, or Finalized) is waited for. With `finalized`, only the
// finalized block counts: on a testnet, the signer's next transaction must not take its nonce
// from a best block whose fork may still lose (the pool would then hold two transactions with one
// nonce, and one is Usurped). A transaction still not in after `timeoutMs` fails with the statuses
// it went through, rather than leaving the test to its ctest timeout with nothing said.
export function submit(tx, signer, { finalized = false, timeoutMs = 180000 } = {}) {
  return new Promise((resolve, reject) => {
    const statuses = [];
    const timer = setTimeout(() => reject(new Error(
      `transaction ${tx.method.section}.${tx.method.method} not ${finalized ? 'finalized' : 'in a block'} ` +
      `after ${timeoutMs / 1000} s; its statuses: ${statuses.join(', ') || 'none'}`)), timeoutMs);
    const settle = (f, value) => { clearTimeout(timer); f(value); };
    const onStatus = (result) => {
      statuses.push(`${result.status.type}${result.status.isInBlock || result.status.isRetracted
        ? ` ${result.status.value.toHex().slice(0, 10)}` : ''}`);
      if (!finalized && result.status.isInBlock && result.events.length > 0) {
        settle(resolve, { block: result.status.asInBlock, events: result.events });
      } else if (result.status.isFinalized) {
        settle(resolve, { block: result.status.asFinalized, events: result.events });
      } else if (result.isError) settle(reject, new Error(`transaction failed: ${result.status.type}`));
    };
    const sent = signer ? tx.signAndSend(signer, onStatus) : tx.send(onStatus);
    sent.catch((error) => settle(reject, error));
  });
}

export async function specAt(node, hash) {
  return (await rpc(node, 'state_getRuntimeVersion', hash ? [hash] : [])).specVersion;
}

// A root-track referendum on `call`, with polkadot.js only (no sudo): `proposer` notes the call's
// preimage, submits it (enactment right after confirmation) and places the decision deposit; each
// of `voters` votes aye with `balance` at 1x conviction. Resolves with the referendum's index.
// `options` go to every submit (a testnet passes { finalized: true }).
export async function submitRootReferendum(api, call, proposer, voters, balance, options = {}) {
  const encoded = call.method.toU8a();
  const hash = blake2AsHex(encoded);
  const noted = await submit(api.tx.preimage.notePreimage(u8aToHex(encoded)), proposer, options);
  assert.ok(find(noted.events, 'preimage', 'Noted'), names(noted.events).join(','));
  const submitted = await submit(api.tx.referenda.submit(
    { system: 'Root' }, { Lookup: { hash, len: encoded.length } }, { After: 0 }), proposer, options);
  const event = find(submitted.events, 'referenda', 'Submitted');
  assert.ok(event, names(submitted.events).join(','));
  const index = event.event.data[0].toNumber();
  assert.equal(event.event.data[1].toNumber(), 0); // the root track
  const placed = await submit(api.tx.referenda.placeDecisionDeposit(index), proposer, options);
  assert.ok(find(placed.events, 'referenda', 'DecisionDepositPlaced'), names(placed.events).join(','));
  await Promise.all(voters.map(async (voter) => {
    const voted = await submit(api.tx.convictionVoting.vote(index,
      { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance } }), voter, options);
    assert.ok(find(voted.events, 'convictionVoting', 'Voted'), names(voted.events).join(','));
  }));
  return index;
}

// Waits (up to `timeoutMs`) until `node`'s best block runs spec SPEC + 1, then walks back to the
// block that set the code (its parent still ran SPEC): resolves with that block's hash. With
// `finalized`, the finalized block is waited for instead: on a testnet the best chain's upgrade
// block may be on a fork that loses (two authors of one slot both enact the scheduled call at
// the same height), so only a finalized one is the chain's.
export async function awaitUpgradeBlock(node, timeoutMs, { finalized = false } = {}) {
  const headHash = async () => (finalized ? rpc(node, 'chain_getFinalizedHead') : rpc(node, 'chain_getBlockHash'));
  let hash = await until(`spec ${SPEC + 1} at the ${finalized ? 'finalized' : 'best'} block`, async () => {
    const h = await headHash();
    return (await specAt(node, h)) === SPEC + 1 ? h : null;
  }, node, timeoutMs);
  let head = await rpc(node, 'chain_getHeader', [hash]);
  while ((await specAt(node, head.parentHash)) === SPEC + 1) {
    hash = head.parentHash;
    head = await rpc(node, 'chain_getHeader', [hash]);
  }
  return hash;
}

// Everything a client sees once the node runs the next runtime; `upgradeBlock` holds the upgrade
// (its post-state has the new code); `versions` collects state_subscribeRuntimeVersion's specs.
export async function checkUpgraded(node, api, upgradeBlock, versions) {
  const upgradeHeader = await api.rpc.chain.getHeader(upgradeBlock);
  const upgradeNumber = upgradeHeader.number.toNumber();
  assert.ok(upgradeHeader.digest.logs.some((log) => log.isRuntimeEnvironmentUpdated),
    `digest ${upgradeHeader.digest.toString()}`);
  const upgradeHash = upgradeHeader.hash.toHex();
  // The upgrade block ran the old code; its post-state holds the new one.
  assert.equal(await specAt(node, upgradeHeader.parentHash.toHex()), SPEC);
  assert.equal(await specAt(node, upgradeHash), SPEC + 1);

  // The node keeps producing blocks, with the new code.
  const head = await until('three blocks after the upgrade', async () => {
    const h = await api.rpc.chain.getHeader();
    return h.number.toNumber() >= upgradeNumber + 3 ? h : null;
  }, node, 60000);
  assert.equal(await specAt(node), SPEC + 1);
  await until('the runtime version subscription', () => versions.includes(SPEC + 1), node, 30000);
  await until('polkadot.js to follow', () => api.runtimeVersion.specVersion.toNumber() === SPEC + 1, node, 30000);
  assert.equal(api.consts.system.version.specVersion.toNumber(), SPEC + 1);

  // The migration ran in the first block of the new code, and only there.
  const firstNew = await api.rpc.chain.getBlockHash(upgradeNumber + 1);
  const before = await api.at(upgradeHash);
  assert.equal((await rpc(node, 'state_getStorage', [templateVersionKey, upgradeHash])), '0x0000');
  assert.ok((await before.query.template.something()).isNone);
  assert.equal(await rpc(node, 'state_getStorage', [templateVersionKey, firstNew.toHex()]), '0x0100');
  assert.equal(await rpc(node, 'state_getStorage', [templateVersionKey, head.hash.toHex()]), '0x0100');
  assert.equal((await api.query.template.something()).unwrap().toNumber(), SPEC + 1);
  const last = (await api.query.system.lastRuntimeUpgrade()).unwrap();
  assert.equal(last.specVersion.toNumber(), SPEC + 1);
  assert.equal(last.specName.toString(), 'canary');
}

// A transfer signed with the new spec version and metadata goes in. `options` go to submit (a
// testnet passes { finalized: true }: the block is then read after it, and a best block on a fork
// may be gone by then).
export async function transferAfter(api, from, to, options = {}) {
  const before = (await api.query.system.account(to.address)).data.free.toBigInt();
  const { block, events } = await submit(api.tx.balances.transferKeepAlive(to.address, 2n * KSM), from,
    options);
  assert.ok(find(events, 'system', 'ExtrinsicSuccess'), names(events).join(','));
  assert.ok(find(events, 'balances', 'Transfer'), names(events).join(','));
  const after = (await (await api.at(block)).query.system.account(to.address)).data.free.toBigInt();
  assert.equal(after - before, 2n * KSM);
}
