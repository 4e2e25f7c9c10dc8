// A real `canary --dev` process against polkadot.js (@polkadot/api over WebSocket):
//   - connects, reads the metadata, the chain's properties and constants; Prometheus answers;
//   - new and finalized heads arrive, and finality keeps up (finalized within 3 blocks of best);
//   - Alice sends Bob a balances.transferKeepAlive: ExtrinsicSuccess and Balances.Transfer, Bob
//     gains the amount, Alice loses the amount plus the fee, the fee paid equals what
//     TransactionPaymentApi_query_info says at the parent of the inclusion block, and Alice's nonce
//     goes up by one; polkadot.js's paymentInfo before sending is the same fee up to the fee
//     multiplier's per-block drift;
//   - a transaction with a bad signature is refused with error 1010; two transfers sent back to
//     back both go in (system_accountNextIndex counts the pool);
//   - utility.batchAll and a sudo call go through;
//   - killed with SIGKILL and restarted on the same base path, the node continues from its
//     database: nothing finalized is lost and blocks keep coming.
//
//   node dev_node.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.dev_node';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary, { prometheus: true });

async function connect() {
  for (let attempt = 0; attempt < 100; ++attempt) {
    try {
      const provider = new WsProvider(dev.url, false);
      await provider.connect();
      await provider.isReadyOrError;
      return await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('cannot connect to the node:\n' + dev.tail());
}

function waitFor(api, predicate, what, timeoutMs = 60000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${dev.tail()}`)), timeoutMs);
    let unsub;
    api.rpc.chain.subscribeFinalizedHeads((h) => {
      if (predicate(h.number.toNumber())) {
        clearTimeout(timer);
        if (unsub) unsub();
        resolve(h);
      }
    }).then((u) => { unsub = u; });
  });
}

async function sendAndWatch(tx, signer, options = {}) {
  return new Promise((resolve, reject) => {
    let inBlock;
    let events;
    tx.signAndSend(signer, options, (result) => {
      if (result.status.isInBlock) {
        inBlock = result.status.asInBlock;
        events = result.events;
      }
      // polkadot.js maps each status to a result through switchMap, fetching the block's events
      // first: when finality follows inclusion quickly (a one-node dev chain), the Finalized status
      // cancels the pending InBlock result, which then never arrives. The block is the same one.
      if (result.status.isFinalized) {
        resolve({
          inBlock: inBlock ?? result.status.asFinalized,
          finalized: result.status.asFinalized,
          events: events ?? result.events,
        });
      }
      if (result.isError) reject(new Error(`transaction failed: ${result.status.type}`));
    }).catch(reject);
  });
}

await dev.start();
let api = await connect();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const charlie = keyring.addFromUri('//Charlie');

try {
  await check('properties, metadata and constants', async () => {
    assert.equal((await api.rpc.system.chain()).toString(), 'Development');
    assert.equal((await api.rpc.system.chainType()).toString(), 'Development');
    assert.equal(api.registry.chainSS58, 2);
    assert.deepEqual(api.registry.chainDecimals, [12]);
    assert.deepEqual(api.registry.chainTokens, ['KSM']);
    assert.equal(api.runtimeVersion.specName.toString(), 'canary');
    assert.equal(api.consts.balances.existentialDeposit.toString(), '333333333');
    assert.ok(api.tx.balances.transferKeepAlive);
    assert.ok(api.query.system.account);
  });

  await check('Prometheus metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${dev.promPort}/metrics`)).text();
    assert.match(text, /substrate_block_height\{status="best",chain="dev"\} \d+/);
    assert.match(text, /substrate_block_height\{status="finalized",chain="dev"\} \d+/);
    assert.match(text, /substrate_ready_transactions_number\{chain="dev"\} \d+/);
  });

  await check('new and finalized heads, finality close behind', async () => {
    const heads = [];
    const unsub = await api.rpc.chain.subscribeNewHeads((h) => heads.push(h.number.toNumber()));
    const finalized = await waitFor(api, (n) => n >= 2, 'block #2 to be finalized');
    unsub();
    assert.ok(heads.length >= 1, 'new heads arrive');
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(best - finalized.number.toNumber() <= 3, `finalized #${finalized.number} within 3 of best #${best}`);
  });

  await check('transferKeepAlive from Alice to Bob: events, balances, fee, nonce', async () => {
    const amount = 1_000_000_000_000n;
    const before = await api.query.system.account.multi([alice.address, bob.address]);
    const tx = api.tx.balances.transferKeepAlive(bob.address, amount);
    const estimate = (await tx.paymentInfo(alice)).partialFee.toBigInt();
    const { inBlock, events } = await sendAndWatch(tx, alice);
    const names = events.map(({ event }) => `${event.section}.${event.method}`);
    assert.ok(names.includes('system.ExtrinsicSuccess'), names.join(','));
    const transfer = events.find(({ event }) => event.section === 'balances' && event.method === 'Transfer');
    assert.ok(transfer, names.join(','));
    assert.equal(transfer.event.data[2].toBigInt(), amount);
    const feePaid = events.find(({ event }) => event.method === 'TransactionFeePaid').event.data[1].toBigInt();
    const after = await (await api.at(inBlock)).query.system.account.multi([alice.address, bob.address]);
    assert.equal(after[1].data.free.toBigInt() - before[1].data.free.toBigInt(), amount);
    assert.equal(before[0].data.free.toBigInt() - after[0].data.free.toBigInt(), amount + feePaid);
    assert.equal(after[0].nonce.toNumber(), before[0].nonce.toNumber() + 1);
    // The fee the runtime charged is what query_info said at the parent of the inclusion block.
    const header = await api.rpc.chain.getHeader(inBlock);
    const block = await api.rpc.chain.getBlock(inBlock);
    const included = block.block.extrinsics.find((x) => x.isSigned && x.signer.toString() === alice.address);
    // payment_queryInfo at the parent (polkadot.js types it with pre-Weight-V2 types: read raw).
    const raw = await api._rpcCore.provider.send('payment_queryInfo', [included.toHex(), header.parentHash.toHex()]);
    assert.equal(BigInt(raw.partialFee), feePaid);
    assert.equal(raw.class, 'normal');
    const drift = estimate > feePaid ? estimate - feePaid : feePaid - estimate;
    assert.ok(drift * 1000n <= feePaid, `paymentInfo ${estimate} vs paid ${feePaid}`);
  });

  await check('a bad signature is refused with 1010', async () => {
    const tx = api.tx.balances.transferKeepAlive(charlie.address, 1_000_000_000_000n);
    await tx.signAsync(bob);
    const bytes = tx.toU8a();
    // Flip a byte of the signature (after the length, version and 33-byte address: type + 64).
    const sigStart = bytes.length - tx.method.toU8a().length - 64 - 10;
    bytes[sigStart + 5] ^= 0xff;
    await assert.rejects(api.rpc.author.submitExtrinsic(bytes), (e) => {
      assert.match(String(e.message), /1010/);
      return true;
    });
  });

  await check('two transfers sent back to back: system_accountNextIndex counts the pool', async () => {
    const nextIndex = async () => (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const state = (await api.query.system.account(alice.address)).nonce.toNumber();
    const n = await nextIndex();
    assert.equal(n, state);
    const first = sendAndWatch(api.tx.balances.transferKeepAlive(charlie.address, 1_000_000_000_000n), alice, { nonce: n });
    let m = n;
    for (let i = 0; i < 50 && m === n; ++i) {
      await new Promise((r) => setTimeout(r, 20));
      m = await nextIndex();
    }
    assert.equal(m, n + 1, 'the pending transaction counts');
    const second = sendAndWatch(api.tx.balances.transferKeepAlive(charlie.address, 1_000_000_000_000n), alice, { nonce: m });
    await Promise.all([first, second]);
  });

  await check('utility.batchAll and sudo', async () => {
    const batch = api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(charlie.address, 2_000_000_000_000n),
      api.tx.system.remarkWithEvent('0x63616e617279'),
    ]);
    const { events } = await sendAndWatch(batch, alice);
    const names = events.map(({ event }) => `${event.section}.${event.method}`);
    assert.ok(names.includes('utility.BatchCompleted'), names.join(','));
    assert.ok(names.includes('system.Remarked'), names.join(','));
    const sudo = api.tx.sudo.sudo(api.tx.balances.forceSetBalance
      ? api.tx.balances.forceSetBalance(charlie.address, 5_000_000_000_000n)
      : api.tx.system.remark('0x00'));
    const sudoResult = await sendAndWatch(sudo, alice);
    const sudid = sudoResult.events.find(({ event }) => event.section === 'sudo' && event.method === 'Sudid');
    assert.ok(sudid, sudoResult.events.map(({ event }) => `${event.section}.${event.method}`).join(','));
    assert.ok(sudid.event.data[0].isOk, `sudo result ${sudid.event.data[0].toString()}`);
  });

  await check('SIGKILL during production, restart: the chain continues from the database', async () => {
    const finalizedBefore = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    const hashBefore = (await api.rpc.chain.getBlockHash(finalizedBefore)).toHex();
    await api.disconnect();
    await dev.kill();
    await dev.start();
    api = await connect();
    assert.equal((await api.rpc.chain.getBlockHash(finalizedBefore)).toHex(), hashBefore, 'finalized block kept');
    const finalizedAfter = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    assert.ok(finalizedAfter >= finalizedBefore);
    await waitFor(api, (n) => n > finalizedAfter, 'a new block to be finalized after the restart');
  });
} finally {
  try { await api.disconnect(); } catch { /* already gone */ }
  await dev.stop();
}
finish(TEST);
