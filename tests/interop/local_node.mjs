// A validator or full node of a `local`-style chain run as a real `canary` process on loopback,
// for the multi-node interop tests (testnet, equivocation): its ports, PeerId (from its log),
// JSON-RPC over HTTP, kill/stop, and the tail of its log for failure messages.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, rpc, until } from './dev_node_process.mjs';

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export class LocalNode {
  // name: the node's name and base path under `root`; key: the dev account whose keys it holds
  // (default: its name; two nodes with one key equivocate); chain: `local` or a chain spec path;
  // canary: the node binary; root: the directory of the base paths.
  constructor(name, { canary, root, validator = true, key = name, chain = 'local' }) {
    this.name = name;
    this.executable = canary;
    this.validator = validator;
    this.key = key;
    this.chain = chain;
    this.base = join(root, name);
    this.log = '';
  }

  async start(bootnodes) {
    if (!this.rpcPort) this.rpcPort = await freePort();
    if (!this.p2pPort) this.p2pPort = await freePort();
    this.log += `\n=== start ${new Date().toISOString()}\n`;
    const args = ['--chain', this.chain, '--base-path', this.base, '--name', this.name,
      '--rpc-port', String(this.rpcPort), '--no-prometheus',
      '--listen-addr', `/ip4/127.0.0.1/tcp/${this.p2pPort}`,
      '--wasm-execution', 'interpreted-i-know-what-i-do'];
    if (this.validator) args.push(`--${this.key}`, '--validator');
    if (bootnodes.length > 0) args.push('--bootnodes', ...bootnodes);
    if (process.env.INTEROP_NODE_ARGS) args.push(...process.env.INTEROP_NODE_ARGS.split(' '));
    this.process = spawn(this.executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.process.stderr.on('data', (d) => { this.log += d.toString(); });
    this.exited = new Promise((r) => this.process.on('exit', r));
    const from = this.log.length;
    let found;
    for (let i = 0; i < 200 && !found; ++i) {
      found = this.log.slice(from).match(/Local node identity is: (\w+)/);
      if (!found) await sleep(50);
    }
    if (found) this.peerId = found[1];
    if (!found) throw new Error(`${this.name} did not start:\n${this.tail()}`);
  }

  get url() {
    return `ws://127.0.0.1:${this.rpcPort}`;
  }

  get multiaddr() {
    return `/ip4/127.0.0.1/tcp/${this.p2pPort}/p2p/${this.peerId}`;
  }

  rpc(method, params = []) {
    return rpc(this, method, params);
  }

  async finalizedNumber() {
    const hash = await this.rpc('chain_getFinalizedHead');
    return parseInt((await this.rpc('chain_getHeader', [hash])).number, 16);
  }

  async bestNumber() {
    return parseInt((await this.rpc('chain_getHeader')).number, 16);
  }

  async kill() {
    if (this.process.exitCode !== null) return;
    this.process.kill('SIGKILL');
    await this.exited;
  }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGINT');
      await this.exited;
    }
  }

  tail(chars = 2500) {
    return `--- ${this.name} ---\n${this.log.slice(-chars)}`;
  }
}

// Polls `condition` (async) until it holds (dev_node_process's until); the error names `what`
// and shows the nodes' logs.
export function waitUntil(condition, what, nodes, timeoutMs = 90000) {
  return until(what, condition, { tail: () => nodes.map((n) => n.tail()).join('\n') }, timeoutMs);
}
