// Parachain blocks included on a live network (issue 21's acceptance): `scripts/testnet -n 4
// --parachain adder:100 --no-restart` (the adder fixture's PVF registered as para 100 in the
// genesis, one `canary adder-collator`), with polkadot.js on alice following the finalized relay
// chain block by block from genesis (parachain_testnet.mjs's RelayFollower, whose checks every
// block passes: a head changes only with the CandidateIncluded that carries it, each new head the
// adder's successor of the last; every candidate on the core the claim queue gives para 100, backed
// by the group the scheduler's rotation puts there, CandidateIncluded naming the same core and
// group as its CandidateBacked):
//   - the collator's candidates are included: para 100's head leaves genesis;
//   - for 5 minutes from the first inclusion (INTEROP_INCLUSION_SECONDS shortens it for local runs),
//     paras.heads(100) advances at least once every other relay block on average (one advance of
//     slack: floor(blocks / 2) - 1), each new head an adder head (number u64,
//     parent_hash, post_state) numbered one more than the last, its parent_hash keccak256 of the
//     last head's bytes, its post_state keccak256 of the state the collator's blocks reach;
//   - the paraInclusion.CandidateIncluded events name a valid backing group of active validators:
//     the group assigned to the candidate's core at its relay parent + 1, as its CandidateBacked;
//   - relay finality keeps up: at every poll (each second) the finalized head is at most 6 blocks
//     behind the best; no validator finds an honest collation invalid, and no node exits;
//   - dave killed (SIGKILL; the testnet runs with --no-restart so that he stays down rather than
//     coming back 2 s later; 3 of 4 validators are exactly what availability's and GRANDPA's
//     supermajorities need): at least two candidates backed after the kill are included within
//     3 minutes, every block still passing the checks, and finality goes on.
//
//   node parachain_inclusion.test.mjs <canary_interop_helper> <canary> <fixtures dir>

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, finish } from './lib.mjs';
import {
  ParachainTestnet, RelayFollower, decodeAdderHead, maxFinalityLag, withLogs,
} from './parachain_testnet.mjs';

const TEST = 'interop.parachain_inclusion';
const [, canary, fixtures] = process.argv.slice(2);
const PARA = 100;
// The 5 minutes of inclusion; INTEROP_INCLUSION_SECONDS=<s> for a shorter local run.
const WINDOW_MS = 1000 * Number(process.env.INTEROP_INCLUSION_SECONDS ?? 300);
// Waits: the testnet's start (five processes, the runtime's genesis on each), the first inclusion
// (the collator connects and declares, the PVF is prepared), the inclusions after the kill.
const START_MS = 240_000;
const FIRST_INCLUSION_MS = 240_000;
const AFTER_KILL_MS = 180_000;
const MAX_FINALITY_LAG = 6;
// Relay blocks without an advance that fail the window at once (its average would fail anyway).
const STALL_BLOCKS = 20;
const KILLED = 'dave';
// node/service/parachain_service.cpp's lines at target `parachain`.
const INVALID = new RegExp(`(?:Collation|Candidate) \\S+ of para ${PARA} is invalid`);
const SECONDED = new RegExp(`Seconded candidate \\S+ of para ${PARA} `);
const DISCOVERED = /Session \d+: authority discovery found (\d+) of \d+ validators/g;

await cryptoWaitReady();
const root = mkdtempSync(join(tmpdir(), 'canary-parachain-inclusion-'));
const net = new ParachainTestnet({ canary, fixtures, base: join(root, 'net'), parachains: [`adder:${PARA}`] });
let api;
let follower;
let started = false;
// The checks after the first: they need it to have passed, and add the logs to a failure.
const afterStart = (fn) => async () => {
  assert.ok(started, 'the testnet did not start or nothing was included');
  return withLogs(net, fn);
};
const noFailures = () => assert.deepEqual(follower.failures, [], `block checks failed:\n${follower.failures.slice(0, 20).join('\n')}\n` +
  `the last blocks:\n${follower.summary()}`);
// Para 100's advances in blocks first..last, and those blocks.
const advancesIn = (first, last) => follower.range(first, last).reduce((sum, b) => sum + b.advances, 0);
try {
  let firstInclusion;
  await check(`scripts/testnet -n 4 --parachain adder:${PARA} starts; the collator's candidates are included`, () => withLogs(net, async () => {
    await net.start(START_MS);
    api = await net.connect('alice');
    follower = new RelayFollower(api, PARA);
    follower.start();
    await follower.until(`para ${PARA}'s first inclusion`, () => follower.blocks.some((b) => b.advances > 0),
      FIRST_INCLUSION_MS);
    firstInclusion = follower.blocks.find((b) => b.advances > 0).number;
    console.log(`first inclusion at relay #${firstInclusion}`);
    started = true;
    noFailures();
  }));

  let windowEnd;
  let windowStartedAt;
  await check(`para ${PARA}'s head advances at least every other relay block for ${WINDOW_MS / 1000} s, each the adder's next head`, afterStart(async () => {
    windowStartedAt = Date.now();
    const deadline = windowStartedAt + WINDOW_MS;
    // Fail early on a broken block, a stall or a node that exited, rather than at the end.
    while (Date.now() < deadline) {
      noFailures();
      assert.deepEqual(net.exits(), [], 'a node exited');
      const lastAdvance = follower.blocks.findLast((b) => b.advances > 0).number;
      assert.ok(follower.last - lastAdvance <= STALL_BLOCKS,
        `no advance since relay #${lastAdvance} (now #${follower.last})\n${follower.summary(40)}`);
      await new Promise((r) => setTimeout(r, 5000));
    }
    // The blocks finalized by the end of the window, all processed.
    const target = follower.finalized;
    await follower.until(`the follower to reach #${target}`, () => follower.last >= target, 60_000);
    windowEnd = target;
    const blocks = windowEnd - firstInclusion;
    const advances = advancesIn(firstInclusion + 1, windowEnd);
    let longestGap = 0;
    let since = firstInclusion;
    for (const b of follower.range(firstInclusion + 1, windowEnd)) {
      if (b.advances > 0) {
        longestGap = Math.max(longestGap, b.number - since);
        since = b.number;
      }
    }
    const head = decodeAdderHead(follower.blocks[windowEnd].head);
    console.log(`relay #${firstInclusion}..#${windowEnd}: ${advances} advances in ${blocks} relay blocks ` +
      `(para head #${head?.number}), longest gap ${longestGap} blocks`);
    noFailures();
    // Every other block from the first inclusion makes floor(blocks / 2) advances; one may be
    // missing (a window's end cutting a cycle, a late bitfield).
    const required = Math.max(2, Math.floor(blocks / 2) - 1);
    assert.ok(advances >= required,
      `${advances} advances in ${blocks} relay blocks (#${firstInclusion + 1}..#${windowEnd}), fewer than ` +
      `${required}: not one every other block\n${follower.summary(40)}`);
  }));

  await check('CandidateIncluded events name the backing group of the candidate\'s core', afterStart(async () => {
    const included = follower.range(0, windowEnd).flatMap((b) => b.included);
    const backed = follower.range(0, windowEnd).flatMap((b) => b.backed);
    console.log(`${backed.length} CandidateBacked, ${included.length} CandidateIncluded; groups ` +
      `${[...new Set(included.map((e) => e.group))].join(', ')} on cores ${[...new Set(included.map((e) => e.core))].join(', ')}`);
    assert.ok(included.length >= 2, `${included.length} CandidateIncluded`);
    // Each one's group was checked against the rotation when its CandidateBacked came, and equal
    // to it when it was included (RelayFollower): no failure, and each one found its backing.
    assert.ok(included.every((e) => e.backedAt !== undefined), 'a CandidateIncluded without its CandidateBacked');
    noFailures();
  }));

  await check('relay finality keeps up; no honest collation is found invalid; no node exited', afterStart(async () => {
    const lag = maxFinalityLag(follower.lags, windowStartedAt);
    const samples = follower.lags.filter((l) => l.at >= windowStartedAt);
    console.log(`finality: ${samples.length} polls, the finalized head at most ${lag} blocks behind the best`);
    assert.ok(samples.length > 0, 'no finality samples');
    assert.ok(lag <= MAX_FINALITY_LAG, `the finalized head fell ${lag} blocks behind the best`);
    for (const name of net.validators) {
      const line = net.log(name).split('\n').find((l) => INVALID.test(l));
      assert.equal(line, undefined, `${name} found an honest collation invalid`);
    }
    assert.ok(net.validators.some((name) => SECONDED.test(net.log(name))), 'no validator logged a seconded candidate');
    // Validators find each other through the session's authority-discovery keys: each one's
    // bridge learned the peers of the others from their DHT records.
    for (const name of net.validators) {
      const found = [...net.log(name).matchAll(DISCOVERED)].map((m) => Number(m[1]));
      const best = Math.max(-1, ...found);
      assert.ok(best >= net.validators.length - 1,
        `${name}'s authority discovery found ${best < 0 ? 'no' : best} of the other ${net.validators.length - 1} validators`);
    }
    assert.deepEqual(net.exits(), [], 'a node exited');
  }));

  await check(`with ${KILLED} killed, candidates backed afterwards are included and finality goes on`, afterStart(async () => {
    const pid = net.pid(KILLED);
    const killedAt = Date.now();
    net.kill(KILLED);
    // Blocks above alice's best after the kill are authored without dave.
    const bestAtKill = (await api.rpc.chain.getHeader()).number.toNumber();
    const finalizedAtKill = follower.finalized;
    console.log(`killed ${KILLED} (pid ${pid}) at best #${bestAtKill}, finalized #${finalizedAtKill}`);
    // Included in a block after the kill, backed in a block authored after it.
    const afterKill = () => follower.range(bestAtKill + 1).flatMap((b) => b.included)
      .filter((e) => e.backedAt > bestAtKill).length;
    await follower.until('two candidates backed after the kill to be included', () => afterKill() >= 2,
      AFTER_KILL_MS);
    await follower.until('finality past the kill', () => follower.finalized >= finalizedAtKill + 3, 60_000);
    assert.ok(net.exits().some((line) => line.includes(`${KILLED} exited`)), `the launcher did not see ${KILLED} exit`);
    assert.deepEqual(net.exits().filter((line) => !line.includes(`${KILLED} exited`)), [], 'another node exited');
    const lag = maxFinalityLag(follower.lags, killedAt);
    console.log(`${afterKill()} inclusions of candidates backed after the kill by #${follower.last}; ` +
      `finality at most ${lag} blocks behind`);
    assert.ok(lag <= MAX_FINALITY_LAG, `the finalized head fell ${lag} blocks behind the best`);
    noFailures();
  }));
} finally {
  await follower?.stop();
  await api?.disconnect();
  await net.stop();
  rmSync(root, { recursive: true, force: true });
}
finish(TEST);
