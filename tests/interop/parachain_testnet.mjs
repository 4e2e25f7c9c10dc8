// What the parachain acceptance tests (issue 21: parachain_inclusion, parachain_invalid_collator)
// share: `scripts/testnet --parachain adder:ID` on free loopback ports with its base directory in
// the test's own temporary directory (ParachainTestnet: the launcher, polkadot.js on a node, the
// nodes' pid and log files, the logs' tails for failure messages), and RelayFollower: the finalized
// relay chain block by block from genesis, with the para's head and its paraInclusion events at
// each block, and the checks every block must pass (the adder's head chain, each candidate's core
// and backing group).
//
// The testnet always runs with --no-restart: a node that exits stays down, so that a crash fails the
// test (the launcher says "<name> exited") instead of being papered over by a restart, and so that
// a validator killed on purpose stays down while the test watches the others.

import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { u8aEq, u8aToHex } from '@polkadot/util';
import { keccakAsU8a } from '@polkadot/util-crypto';
import { freeRange, until } from './dev_node_process.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const testnetScript = join(here, '..', '..', 'scripts', 'testnet');
const VALIDATORS = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function lastLines(text, n) {
  const lines = text.split('\n');
  return lines.slice(Math.max(0, lines.length - n - 1)).join('\n');
}

export class ParachainTestnet {
  // canary: the node binary; fixtures: the shared fixtures directory (CMake's CANARY_FIXTURES_DIR,
  // given to the launcher as the environment variable); base: the launcher's --base; validators:
  // its -n; parachains: its --parachain values (adder:ID[:invalid]).
  constructor({ canary, fixtures, base, validators = 4, parachains = ['adder:100'] }) {
    this.canary = canary;
    this.fixtures = fixtures;
    this.base = base;
    this.parachains = parachains;
    this.validators = VALIDATORS.slice(0, validators);
    this.collators = parachains.map((p) => `adder-${p.split(':')[1]}`);
    this.nodes = [...this.validators, ...this.collators];
    this.output = '';
    this.launcher = null;
    this.restarted = [];  // the processes restart() started (the launcher does not know them)
  }

  // Starts the launcher and waits for its "testnet of N validators running" (every node, the
  // collators included, has reported its PeerId by then); a launcher that exits first fails at once.
  async start(timeoutMs = 240000) {
    const first = await freeRange(2 * this.nodes.length);
    this.p2pPort = first;
    this.rpcPort = first + this.nodes.length;
    // The runtime on the interpreter, as the other multi-node tests: five nodes compiling it ahead
    // of time would take the machine for minutes.
    const nodeArgs = ['--wasm-execution', 'interpreted-i-know-what-i-do'];
    if (process.env.INTEROP_NODE_ARGS) nodeArgs.push(...process.env.INTEROP_NODE_ARGS.split(' '));
    const args = ['-n', String(this.validators.length), '--canary', this.canary, '--base', this.base,
      '--p2p-port', String(this.p2pPort), '--rpc-port', String(this.rpcPort), '--no-restart',
      ...this.parachains.flatMap((p) => ['--parachain', p]), '--', ...nodeArgs];
    this.launcher = spawn(testnetScript, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CANARY_FIXTURES_DIR: this.fixtures },
    });
    this.launcher.stdout.on('data', (d) => { this.output += d.toString(); });
    this.launcher.stderr.on('data', (d) => { this.output += d.toString(); });
    this.launcherExit = null;
    this.exited = new Promise((resolve) => this.launcher.on('exit', (code, signal) => {
      this.launcherExit = { code, signal };
      resolve();
    }));
    const ready = `testnet of ${this.validators.length} validators running`;
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(ready)) {
      if (this.launcherExit) throw new Error(`scripts/testnet exited (${JSON.stringify(this.launcherExit)})`);
      if (Date.now() > deadline) throw new Error(`scripts/testnet did not start in ${timeoutMs / 1000} s`);
      await sleep(250);
    }
    console.log(this.output.trim());
  }

  url(name) {
    return `ws://127.0.0.1:${this.rpcPort + this.nodes.indexOf(name)}`;
  }

  // polkadot.js on node `name`, once its RPC server answers.
  connect(name) {
    return until(`the RPC server of ${name}`, async () => {
      const provider = new WsProvider(this.url(name), false);
      await provider.connect();
      return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    }, { tail: () => '' }, 60000);
  }

  // The node's process id from the launcher's DIR/<name>.pid (absent once it exited).
  pid(name) {
    return Number(readFileSync(join(this.base, `${name}.pid`), 'utf8').trim());
  }

  kill(name) {
    process.kill(this.pid(name), 'SIGKILL');
  }

  // A crash and a restart of node `name`: SIGKILL, then the same command line (its arguments,
  // working directory and environment) started again once the launcher saw it exit, its output
  // appended to the node's log and its process id in DIR/<name>.pid. The launcher (--no-restart)
  // reports the exit: exits() lists it. The new process is stopped by stop().
  async restart(name) {
    const pid = this.pid(name);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv.at(-1) === '') argv.pop();
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    const exitsBefore = this.exits().filter((line) => line.includes(`${name} exited`)).length;
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 30000;
    while (this.exits().filter((line) => line.includes(`${name} exited`)).length === exitsBefore) {
      if (Date.now() > deadline) throw new Error(`the launcher did not see ${name} (pid ${pid}) exit`);
      await sleep(100);
    }
    const log = openSync(join(this.base, `${name}.log`), 'a');
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'ignore', log] });
    closeSync(log);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    this.restarted.push({ name, child, exited });
    writeFileSync(join(this.base, `${name}.pid`), `${child.pid}\n`);
    return child.pid;
  }

  log(name) {
    const path = join(this.base, `${name}.log`);
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  // The launcher's lines saying that a node exited.
  exits() {
    return this.output.split('\n').filter((line) => / exited/.test(line));
  }

  // For failure messages: each node's last `parachain` lines and the tail of its log, and the
  // launcher's output.
  tail(chars = 2000) {
    const parts = [];
    for (const name of this.nodes) {
      const log = this.log(name);
      if (!log) continue;
      const para = log.split('\n').filter((line) => / parachain: /.test(line));
      parts.push(`--- ${name}: its last parachain lines ---\n${para.slice(-12).join('\n')}`);
      parts.push(`--- ${name}: the end of its log ---\n${lastLines(log.slice(-chars), 40)}`);
    }
    parts.push(`--- scripts/testnet ---\n${this.output.slice(-chars)}`);
    return parts.join('\n');
  }

  // Stops every node (SIGTERM to the launcher, which stops them with SIGINT and waits); with
  // INTEROP_KEEP_LOGS=<dir>, the nodes' whole logs are copied there (the test removes its
  // directory afterwards), for a failure's post-mortem.
  async stop() {
    for (const { child, exited } of this.restarted) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      await exited;
      clearTimeout(timer);
    }
    if (this.launcher && !this.launcherExit) {
      this.launcher.kill('SIGTERM');
      await this.exited;
    }
    if (process.env.INTEROP_KEEP_LOGS) {
      mkdirSync(process.env.INTEROP_KEEP_LOGS, { recursive: true });
      for (const name of this.nodes) {
        const path = join(this.base, `${name}.log`);
        if (existsSync(path)) copyFileSync(path, join(process.env.INTEROP_KEEP_LOGS, `${name}.log`));
      }
    }
  }
}

// Runs `fn`; a failure gets the testnet's logs appended to its stack (what lib.mjs's check
// prints). The one place the logs are added to a failure.
export async function withLogs(net, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error) e.stack = `${e.stack}\n${net.tail()}`;
    throw e;
  }
}

// ---- the adder's heads ------------------------------------------------------------------------

// The adder's HeadData (fixtures/parachains/adder/README.md): SCALE (number: u64, parent_hash:
// [u8; 32], post_state: [u8; 32]), 72 bytes; null for anything else.
export function decodeAdderHead(bytes) {
  if (!bytes || bytes.length !== 72) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { number: view.getBigUint64(0, true), parentHash: bytes.subarray(8, 40), postState: bytes.subarray(40, 72) };
}

function u64le(value) {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return out;
}

// The state behind head n of `canary adder-collator`: its block n adds n to the state of head n-1
// (parachain/collator/adder_collator.cpp: add = the new head's number), from state 0 at genesis,
// so head n commits to n(n+1)/2 (wrapping as the PVF's u64).
export function adderCollatorState(n) {
  return BigInt.asUintN(64, (n * (n + 1n)) / 2n);
}

// Why `bytes` is not the adder head that follows `parentBytes`, or null: the number one more, the
// parent hash keccak256 of the parent head's bytes, the post-state keccak256 of SCALE(state).
export function adderSuccessionProblem(parentBytes, bytes) {
  const parent = decodeAdderHead(parentBytes);
  const head = decodeAdderHead(bytes);
  if (!parent) return `the parent head is not an adder head (72 bytes): ${u8aToHex(parentBytes)}`;
  if (!head) return `the head is not an adder head (72 bytes): ${u8aToHex(bytes)}`;
  if (head.number !== parent.number + 1n) return `head number ${head.number} follows ${parent.number}`;
  const parentHash = keccakAsU8a(parentBytes);
  if (!u8aEq(head.parentHash, parentHash)) {
    return `head #${head.number}'s parent_hash ${u8aToHex(head.parentHash)} is not keccak256 of head ` +
      `#${parent.number} (${u8aToHex(parentHash)})`;
  }
  const state = adderCollatorState(head.number);
  const postState = keccakAsU8a(u64le(state));
  if (!u8aEq(head.postState, postState)) {
    return `head #${head.number}'s post_state ${u8aToHex(head.postState)} is not keccak256 of its state ` +
      `${state} (${u8aToHex(postState)})`;
  }
  return null;
}

// ---- the finalized relay chain ---------------------------------------------------------------

// An Assignment of paraScheduler.claimQueue: Bulk(para) or Pool { para_id, core_index }.
function assignedPara(assignment) {
  if (assignment.isBulk) return assignment.asBulk.toNumber();
  if (assignment.isPool) return assignment.asPool.paraId.toNumber();
  return null;
}

const short = (hex) => `${hex.slice(0, 8)}…${hex.slice(-4)}`;

// Follows the finalized relay chain of `api`'s node from genesis, one block at a time (polled every
// second; an RPC error is retried at the next poll and kept in `error` until one succeeds). Each
// block of `blocks` (indexed by number) has para `para`'s head and its paraInclusion events:
//   { number, hash, parentHash, head, advances, backed, included, timedOut }
// where an event is { receipt, hash, relayParent, relayParentNumber, descriptorCore, head, core,
// group, backedAt (CandidateIncluded: the block of its CandidateBacked) } and `advances` how many
// adder heads the block's inclusions moved the para by. Every block is checked as it comes, and
// what is wrong goes to `failures` ("#N: …"):
//   - paras.heads(para) exists; it changes only with CandidateIncluded events, whose heads lead
//     from the last head to the new one, each the adder's successor (adderSuccessionProblem);
//   - a CandidateBacked names its descriptor's core, a core whose claim queue (before the block)
//     holds the para, and the group `scheduler::group_assigned_to_core(core, relay parent + 1)`
//     gives: (core + (relay parent + 1 - session start) / rotation frequency) mod groups, from
//     paraScheduler.validatorGroups, sessionStartBlock and configuration.activeConfig before the
//     block; a group of active validators, not empty;
//   - a CandidateIncluded had its CandidateBacked in an earlier block, with the same core and group.
// `lags` holds { at, best, finalized } of every poll.
export class RelayFollower {
  constructor(api, para) {
    this.api = api;
    this.para = para;
    this.blocks = [];
    this.backedAt = new Map();
    this.failures = [];
    this.lags = [];
    this.finalized = 0;
    this.error = null;
    this.stopped = false;
  }

  // The highest block processed.
  get last() {
    return this.blocks.length - 1;
  }

  start() {
    this.running = this.#loop();
  }

  async stop() {
    this.stopped = true;
    await this.running;
  }

  async #loop() {
    while (!this.stopped) {
      try {
        await this.#poll();
        this.error = null;
      } catch (e) {
        this.error = e;
      }
      await sleep(1000);
    }
  }

  async #poll() {
    const chain = this.api.rpc.chain;
    const [finalizedHash, best] = await Promise.all([chain.getFinalizedHead(), chain.getHeader()]);
    const finalized = (await chain.getHeader(finalizedHash)).number.toNumber();
    this.lags.push({ at: Date.now(), best: best.number.toNumber(), finalized });
    this.finalized = finalized;
    while (this.blocks.length <= finalized && !this.stopped) await this.#process(this.blocks.length);
  }

  // Block n of the finalized chain (the canonical hash at n, n being finalized). Nothing is kept
  // unless every read succeeds, so that a retried block is checked once.
  async #process(n) {
    const { api, para } = this;
    const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
    const header = await api.rpc.chain.getHeader(hash);
    const at = await api.at(hash);
    const [head, records] = await Promise.all([at.query.paras.heads(para), at.query.system.events()]);
    const block = {
      number: n, hash, parentHash: header.parentHash.toHex(),
      head: head.isSome ? head.unwrap().toU8a(true) : null,
      advances: 0, backed: [], included: [], timedOut: [],
    };
    const failures = [];
    const fail = (message) => failures.push(`#${n}: ${message}`);
    const lists = { CandidateBacked: block.backed, CandidateIncluded: block.included, CandidateTimedOut: block.timedOut };
    for (const { event } of records) {
      if (event.section !== 'paraInclusion' || !lists[event.method]) continue;
      // (CandidateReceipt, HeadData, CoreIndex, GroupIndex); CandidateTimedOut has no group.
      const [receipt, headData, core, group] = event.data;
      const descriptor = receipt.descriptor;
      if (descriptor.paraId.toNumber() !== para) continue;
      lists[event.method].push({
        receipt: receipt.toHex(),
        hash: receipt.hash.toHex(),
        relayParent: descriptor.relayParent.toHex(),
        descriptorCore: descriptor.coreIndex.toNumber(),
        head: headData.toU8a(true),
        core: core.toNumber(),
        group: group === undefined ? null : group.toNumber(),
      });
    }
    if (!block.head) fail(`no paras.heads(${para})`);
    for (const e of block.backed) await this.#checkBacked(block, e, fail);
    if (n > 0) this.#checkHead(this.blocks[n - 1], block, fail);
    for (const e of block.backed) this.backedAt.set(e.receipt, { number: n, core: e.core, group: e.group });
    this.blocks.push(block);
    this.failures.push(...failures);
  }

  async #checkBacked(block, e, fail) {
    const { api, para } = this;
    const before = await api.at(block.parentHash);
    const [groups, sessionStart, config, claimQueue, active, relayParent] = await Promise.all([
      before.query.paraScheduler.validatorGroups(),
      before.query.paraScheduler.sessionStartBlock(),
      before.query.configuration.activeConfig(),
      before.query.paraScheduler.claimQueue(),
      before.query.parasShared.activeValidatorIndices(),
      api.rpc.chain.getHeader(e.relayParent),
    ]);
    e.relayParentNumber = relayParent.number.toNumber();
    const what = `CandidateBacked ${short(e.hash)} (relay parent #${e.relayParentNumber}, core ${e.core}, group ${e.group})`;
    if (e.descriptorCore !== e.core) fail(`${what}: its descriptor's core index is ${e.descriptorCore}`);
    const queue = [...claimQueue.entries()].find(([core]) => core.toNumber() === e.core)?.[1] ?? [];
    if (!queue.some((a) => assignedPara(a) === para)) {
      fail(`${what}: the claim queue has no para ${para} on core ${e.core}: ${claimQueue.toString()}`);
    }
    if (e.group === null || e.group >= groups.length) {
      fail(`${what}: not one of the ${groups.length} groups ${groups.toString()}`);
      return;
    }
    const members = groups[e.group].map((v) => v.toNumber());
    if (members.length === 0 || members.some((v) => v >= active.length)) {
      fail(`${what}: group ${e.group} is [${members}] of ${active.length} active validators`);
    }
    const frequency = config.schedulerParams.groupRotationFrequency.toNumber();
    const start = sessionStart.toNumber();
    const since = e.relayParentNumber + 1 - start;
    if (since < 0) {
      fail(`${what}: relay parent before the session's start #${start}`);
      return;
    }
    const rotations = frequency === 0 ? 0 : Math.floor(since / frequency);
    const expected = (e.core + rotations) % groups.length;
    if (e.group !== expected) {
      fail(`${what}: the group on core ${e.core} at #${e.relayParentNumber + 1} is ${expected} ` +
        `(session start #${start}, rotation every ${frequency} blocks, ${groups.length} groups)`);
    }
  }

  #checkHead(previous, block, fail) {
    for (const e of block.included) {
      const backed = this.backedAt.get(e.receipt);
      if (!backed) {
        fail(`CandidateIncluded ${short(e.hash)} without an earlier CandidateBacked`);
        continue;
      }
      e.backedAt = backed.number;
      if (backed.core !== e.core || backed.group !== e.group) {
        fail(`CandidateIncluded ${short(e.hash)} on core ${e.core} by group ${e.group}, backed ` +
          `(#${backed.number}) on core ${backed.core} by group ${backed.group}`);
      }
    }
    if (!previous.head || !block.head) return;
    if (block.included.length === 0) {
      if (!u8aEq(previous.head, block.head)) {
        fail(`paras.heads(${this.para}) changed without a CandidateIncluded: ${u8aToHex(block.head)}`);
      }
      return;
    }
    const last = block.included[block.included.length - 1].head;
    if (!u8aEq(last, block.head)) {
      fail(`paras.heads(${this.para}) is ${u8aToHex(block.head)}, the last CandidateIncluded's head ${u8aToHex(last)}`);
    }
    let parent = previous.head;
    for (const e of block.included) {
      const problem = adderSuccessionProblem(parent, e.head);
      if (problem) fail(`CandidateIncluded ${short(e.hash)}: ${problem}`);
      parent = e.head;
    }
    block.advances = block.included.length;
  }

  // The blocks first..last (numbers, inclusive) as processed so far.
  range(first, last = this.last) {
    return this.blocks.slice(Math.max(0, first), last + 1);
  }

  // Waits for `predicate()` (on the blocks processed so far); a timeout names `what` and the
  // follower's last RPC error.
  async until(what, predicate, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (finalized #${this.finalized}, ` +
          `processed #${this.last}${this.error ? `, last RPC error: ${this.error.message}` : ''})`);
      }
      await sleep(500);
    }
  }

  // A short account of the last `n` blocks processed, for failure messages.
  summary(n = 30) {
    return this.range(this.last - n + 1).map((b) => {
      const head = decodeAdderHead(b.head);
      const events = [...b.backed.map((e) => `backed ${short(e.hash)} g${e.group}`),
        ...b.included.map((e) => `included ${short(e.hash)}`),
        ...b.timedOut.map((e) => `timed out ${short(e.hash)}`)];
      return `#${b.number} ${short(b.hash)} para head #${head ? head.number : '?'}${events.length ? ` (${events.join(', ')})` : ''}`;
    }).join('\n');
  }
}

// The largest best - finalized gap among `lags` taken at or after `since` (ms).
export function maxFinalityLag(lags, since = 0) {
  return lags.filter((l) => l.at >= since).reduce((max, l) => Math.max(max, l.best - l.finalized), 0);
}
