// Two parachains on two cores, each backed by its own group (issue 21: statement distribution
// within the backing group, validators found through authority discovery):
// `scripts/testnet -n 4 --parachain adder:100 --parachain adder:101 --no-restart` splits the four
// validators into two backing groups of two, one per core. Each group's statements stay in the
// group; a backed candidate reaches the other group's validators as a manifest, which they answer
// with `/req_attested_candidate/2`, so that whoever authors the next block can include it.
//   - both paras' heads advance, each new head the adder's successor, CandidateBacked and
//     CandidateIncluded naming the rotation's group for the candidate's core (RelayFollower);
//   - over the window both paras advance at least every third relay block (with two groups of two,
//     a candidate needs both of its group's votes, and every author may include either para);
//   - every validator learned of both paras' backable candidates, its own group's from statements
//     and the other group's from manifests ("🤝 Candidate … of para N is backable");
//   - every validator's authority discovery found the other three validators;
//   - relay finality keeps up and no node exits;
//   - para 101's collator, killed and started again, knows only the para's genesis state: it finds
//     the candidate that made the para's head, recovers that block's AvailableData from the
//     validators' chunks (availability recovery, as cumulus' pov-recovery) through the peers its
//     authority discovery (Role::Discover) found, learns the state, and the para advances again.
//
//   node parachain_two_groups.test.mjs <canary_interop_helper> <canary> <fixtures dir>

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, finish } from './lib.mjs';
import { ParachainTestnet, RelayFollower, maxFinalityLag, withLogs } from './parachain_testnet.mjs';

const TEST = 'interop.parachain_two_groups';
const [, canary, fixtures] = process.argv.slice(2);
const PARAS = [100, 101];
const START_MS = 240_000;
const FIRST_INCLUSION_MS = 240_000;
const WINDOW_MS = Number(process.env.INTEROP_TWO_GROUPS_SECONDS ?? 90) * 1000;
const MAX_FINALITY_LAG = 6;
// node/service/parachain_service.cpp's lines at target `parachain`.
const backable = (para) => new RegExp(`Candidate \\S+ of para ${para} is backable`);
const DISCOVERED = /Session \d+: authority discovery found (\d+) of \d+ validators/g;
const RECOVERED = /Para (\d+): recovered the state of head \S+ from (\d+) chunks/;
const RESTARTED = PARAS[1];
const ADVANCES_AFTER_RESTART = 3;
const RESTART_MS = 150_000;

await cryptoWaitReady();
const root = mkdtempSync(join(tmpdir(), 'canary-parachain-two-groups-'));
const net = new ParachainTestnet({ canary, fixtures, base: join(root, 'net'), parachains: PARAS.map((p) => `adder:${p}`) });
let api;
let followers = [];
let started = false;
const afterStart = (fn) => async () => {
  assert.ok(started, 'the testnet did not start or a para was never included');
  return withLogs(net, fn);
};
const noFailures = () => {
  for (const f of followers) {
    assert.deepEqual(f.failures, [], `para ${f.para}: block checks failed:\n${f.failures.slice(0, 20).join('\n')}\n` +
      `the last blocks:\n${f.summary()}`);
  }
};
try {
  let first;
  await check(`scripts/testnet -n 4 --parachain adder:${PARAS[0]} --parachain adder:${PARAS[1]} starts; both paras are included`, () => withLogs(net, async () => {
    await net.start(START_MS);
    api = await net.connect('alice');
    const groups = await api.query.paraScheduler.validatorGroups();
    assert.equal(groups.length, 2, `${groups.length} backing groups: ${groups.toString()}`);
    followers = PARAS.map((para) => new RelayFollower(api, para));
    for (const f of followers) f.start();
    for (const f of followers) {
      await f.until(`para ${f.para}'s first inclusion`, () => f.blocks.some((b) => b.advances > 0), FIRST_INCLUSION_MS);
    }
    first = Math.max(...followers.map((f) => f.blocks.find((b) => b.advances > 0).number));
    console.log(`both paras included by relay #${first}`);
    started = true;
    noFailures();
  }));

  await check(`both paras advance at least every third relay block for ${WINDOW_MS / 1000} s`, afterStart(async () => {
    const startedAt = Date.now();
    while (Date.now() < startedAt + WINDOW_MS) {
      noFailures();
      assert.deepEqual(net.exits(), [], 'a node exited');
      await new Promise((r) => setTimeout(r, 5000));
    }
    const end = Math.min(...followers.map((f) => f.finalized));
    for (const f of followers) await f.until(`para ${f.para}'s follower to reach #${end}`, () => f.last >= end, 60_000);
    const blocks = end - first;
    for (const f of followers) {
      const advances = f.range(first + 1, end).reduce((sum, b) => sum + b.advances, 0);
      const included = f.range(0, end).flatMap((b) => b.included);
      console.log(`para ${f.para}: ${advances} advances in relay #${first + 1}..#${end}; groups ` +
        `${[...new Set(included.map((e) => e.group))].join(', ')} on cores ${[...new Set(included.map((e) => e.core))].join(', ')}`);
      const required = Math.max(2, Math.floor(blocks / 3) - 1);
      assert.ok(advances >= required, `para ${f.para}: ${advances} advances in ${blocks} relay blocks, fewer than ${required}\n${f.summary(40)}`);
    }
    noFailures();
    const cores = followers.map((f) => new Set(f.range(0, end).flatMap((b) => b.included).map((e) => e.core)));
    assert.ok(cores.every((c) => c.size === 1) && [...cores[0]][0] !== [...cores[1]][0],
      `the paras are not on a core each: ${cores.map((c) => [...c].join('/')).join(' and ')}`);
    const lag = maxFinalityLag(followers[0].lags, startedAt);
    console.log(`finality at most ${lag} blocks behind the best`);
    assert.ok(lag <= MAX_FINALITY_LAG, `the finalized head fell ${lag} blocks behind the best`);
  }));

  await check('every validator learned both groups\' candidates and found the others through authority discovery', afterStart(async () => {
    for (const name of net.validators) {
      const log = net.log(name);
      for (const para of PARAS) {
        assert.ok(backable(para).test(log), `${name} never learned of a backable candidate of para ${para}`);
      }
      const found = Math.max(-1, ...[...log.matchAll(DISCOVERED)].map((m) => Number(m[1])));
      assert.ok(found >= net.validators.length - 1,
        `${name}'s authority discovery found ${found < 0 ? 'no' : found} of the other ${net.validators.length - 1} validators`);
    }
    assert.deepEqual(net.exits(), [], 'a node exited');
  }));

  await check(`para ${RESTARTED}'s collator, killed and started again, recovers the para's state from the validators' chunks and the para advances again`, afterStart(async () => {
    const collator = `adder-${RESTARTED}`;
    const f = followers[PARAS.indexOf(RESTARTED)];
    const logBefore = net.log(collator).length;
    const pid = await net.restart(collator);
    const from = f.last;
    console.log(`${collator} killed and started again (pid ${pid}) at relay #${from}`);
    const advances = () => f.range(from + 1, f.last).reduce((sum, b) => sum + b.advances, 0);
    await f.until(`para ${RESTARTED} to advance ${ADVANCES_AFTER_RESTART} times after the restart`,
      () => advances() >= ADVANCES_AFTER_RESTART, RESTART_MS);
    const log = net.log(collator).slice(logBefore);
    const recovered = log.match(RECOVERED);
    assert.ok(recovered && Number(recovered[1]) === RESTARTED,
      `${collator} advanced without logging a recovery of its state:\n${log.split('\n').filter((l) => / parachain: /.test(l)).slice(0, 20).join('\n')}`);
    console.log(`${collator}: ${recovered[0]}; ${advances()} advances by relay #${f.last}`);
    noFailures();
    assert.deepEqual(net.exits().filter((line) => !line.includes(`${collator} exited`)), [], 'another node exited');
  }));
} finally {
  for (const f of followers) await f.stop();
  await api?.disconnect();
  await net.stop();
  rmSync(root, { recursive: true, force: true });
}
finish(TEST);
