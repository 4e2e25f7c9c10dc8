// smoldot (the light client, from npm) on a Canary chain: started with a chain spec whose boot
// nodes are replaced by the ones given, it syncs as a light client (warp sync, BABE and GRANDPA
// verification) and is asked things through its JSON-RPC interface (chainHead_v1_*).
//
//   const light = await LightClient.start(specJson, [multiaddr]);
//   const { hash, number } = await light.latestFinalized();  // pinned until release(hash)
//   await light.storage(hash, key);  // a value, read through a storage proof of a full node
//   light.release(hash);
//   light.stop();

import { appendFileSync } from 'node:fs';
import { start } from 'smoldot';

export class LightClient {
  static async start(spec, bootNodes) {
    const self = new LightClient();
    const chainSpec = JSON.parse(spec);
    chainSpec.bootNodes = bootNodes;
    // Level 3 (info) and below are kept for failure messages; smoldot logs much at 4 and 5.
    self.client = start({
      maxLogLevel: 4,
      logCallback: (level, target, message) => {
        // CANARY_SMOLDOT_LOG=FILE keeps the whole log, untruncated, for a failure's post-mortem.
        if (process.env.CANARY_SMOLDOT_LOG) {
          appendFileSync(process.env.CANARY_SMOLDOT_LOG, `${Date.now()} [${level}] ${target}: ${message}\n`);
        }
        self.log.push(`[${level}] ${target}: ${message.slice(0, 500)}`);
        if (self.log.length > 400) self.log.splice(0, 100);
      },
    });
    self.chain = await self.client.addChain({ chainSpec: JSON.stringify(chainSpec) });
    self.pump();
    await self.follow();
    return self;
  }

  async follow() {
    this.subscription = await this.request('chainHead_v1_follow', [false]);
  }

  refollow() {
    this.blocks.clear();
    this.finalized = [];
    this.held.clear();
    this.unpinLater.clear();
    this.following = this.follow().catch((e) => this.log.push(`chainHead_v1_follow: ${e.message}`));
  }

  constructor() {
    this.log = [];
    this.nextId = 1;
    this.waiting = new Map();  // request id -> resolve
    this.operations = new Map();  // chainHead operation id -> { items, done, error, resolve, reject }
    this.blocks = new Map();  // hash -> parent hash (blocks smoldot announced)
    this.finalized = [];  // finalized hashes, in order
    this.held = new Map();  // hash -> holds
    this.unpinLater = new Set();
    this.stopped = false;
  }

  // Reads responses and notifications until stop().
  async pump() {
    try {
      while (!this.stopped) {
        this.onMessage(JSON.parse(await this.chain.nextJsonRpcResponse()));
      }
    } catch (e) {
      if (!this.stopped) this.log.push(`pump ended: ${e.message}`);
    }
  }

  onMessage(message) {
    if (message.id !== undefined) {
      const resolve = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (resolve) resolve(message);
      return;
    }
    if (message.method !== 'chainHead_v1_followEvent') return;
    const event = message.params.result;
    switch (event.event) {
      case 'initialized':
        this.finalized.push(...event.finalizedBlockHashes);
        break;
      case 'newBlock':
        this.blocks.set(event.blockHash, event.parentBlockHash);
        break;
      case 'finalized': {
        // Unpinned so that smoldot may forget them (it stops following when too many are pinned):
        // everything but the newest finalized block, and blocks the test still reads later.
        const previous = this.finalized[this.finalized.length - 1];
        this.finalized.push(...event.finalizedBlockHashes);
        this.unpin([previous, ...event.finalizedBlockHashes.slice(0, -1),
          ...event.prunedBlockHashes]);
        break;
      }
      case 'operationStorageItems':
        this.operation(event.operationId).items.push(...event.items);
        break;
      case 'operationStorageDone':
        this.operation(event.operationId).done = true;
        this.settle(event.operationId);
        break;
      case 'operationError':
      case 'operationInaccessible':
        this.operation(event.operationId).error = `${event.event}: ${event.error ?? ''}`;
        this.settle(event.operationId);
        break;
      case 'stop':
        // smoldot ends a follow subscription when its view jumps (e.g. a warp sync to a block far
        // from the one it first reported): the blocks of the old one are gone, a new one starts.
        this.log.push('chainHead_v1_follow stopped: following again');
        this.refollow();
        break;
      default:
        break;
    }
  }

  // An operation's record, created by whichever comes first: its events or its caller (the
  // events may be read before the caller has seen the operation's id).
  operation(id) {
    if (!this.operations.has(id)) this.operations.set(id, { items: [] });
    return this.operations.get(id);
  }

  settle(id) {
    const op = this.operation(id);
    if (!op.resolve || !(op.done || op.error)) return;
    this.operations.delete(id);
    if (op.error) op.reject(new Error(op.error));
    else op.resolve(op.items);
  }

  unpin(hashes) {
    const now = [];
    for (const hash of hashes) {
      if (!hash) continue;
      if (this.held.has(hash)) this.unpinLater.add(hash);
      else now.push(hash);
    }
    if (now.length > 0) this.request('chainHead_v1_unpin', [this.subscription, now]).catch(() => {});
  }

  // Keeps `hash` pinned until release(hash).
  hold(hash) {
    this.held.set(hash, (this.held.get(hash) ?? 0) + 1);
  }

  release(hash) {
    const count = this.held.get(hash) - 1;
    if (count > 0) {
      this.held.set(hash, count);
      return;
    }
    this.held.delete(hash);
    if (this.unpinLater.delete(hash)) this.unpin([hash]);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (message) => {
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result);
      });
      this.chain.sendJsonRpc(JSON.stringify({ id, jsonrpc: '2.0', method, params }));
    });
  }

  // The newest block smoldot reported finalized, and its number (read from its header). The block
  // stays pinned until release(hash).
  async latestFinalized() {
    await this.following;
    if (this.finalized.length === 0) throw new Error('smoldot follows again: no finalized block yet');
    const hash = this.finalized[this.finalized.length - 1];
    this.hold(hash);
    const header = await this.request('chainHead_v1_header', [this.subscription, hash]);
    return { hash, number: headerNumber(header) };
  }

  // The newest finalized block once its number is at least `target`, pinned until release(hash).
  // `wait(condition)` polls the condition until it holds (the caller's until, with its timeout and
  // the logs it shows).
  async finalizedAtLeast(target, wait) {
    let reached;
    await wait(async () => {
      const latest = await this.latestFinalized();
      if (latest.number >= target) {
        reached = latest;
        return true;
      }
      this.release(latest.hash);
      return false;
    });
    return reached;
  }

  // The value under `key` at the (pinned) block `hash`, or null.
  async storage(hash, key) {
    const started = await this.request('chainHead_v1_storage',
      [this.subscription, hash, [{ key, type: 'value' }], null]);
    if (started.result !== 'started') throw new Error(`storage: ${JSON.stringify(started)}`);
    const items = await new Promise((resolve, reject) => {
      Object.assign(this.operation(started.operationId), { resolve, reject });
      this.settle(started.operationId);
    });
    const item = items.find((i) => i.key === key);
    return item ? item.value : null;
  }

  tail(lines = 60) {
    return `--- smoldot ---\n${this.log.slice(-lines).join('\n')}`;
  }

  stop() {
    this.stopped = true;
    this.client.terminate().catch(() => {});
  }
}

// The number of a SCALE-encoded header (hex): parent hash (32 bytes), then a compact number.
export function headerNumber(headerHex) {
  const bytes = Buffer.from(headerHex.slice(2), 'hex');
  const first = bytes[32];
  switch (first & 3) {
    case 0: return first >> 2;
    case 1: return bytes.readUInt16LE(32) >> 2;
    case 2: return bytes.readUInt32LE(32) >>> 2;
    default: throw new Error('header number too large for this test');
  }
}
