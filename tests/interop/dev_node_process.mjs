// A `canary --dev` child process for the interop tests that talk to a real node: free ports (RPC,
// Prometheus, and p2p on loopback only, so that nodes of parallel tests never meet), a temporary
// base path, the node's log kept for failure messages, clean and forced stops. `extraArgs` are
// appended to the command line of the next start(), `env` added to its environment. Beside it, what the tests that drive such
// nodes share: free loopback ports (freePort, and freeRange for scripts/testnet), JSON-RPC over
// HTTP (call, rpc), waiting for a condition (until), and a polkadot.js API once the node's RPC
// server is up (connectApi).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';

// Ports are drawn below the kernel's ephemeral range (ip_local_port_range, 32768 up by default):
// a port the OS picks with listen(0) is one it also hands out to outgoing connections, so another
// test's node dialing a peer could take it between the check here and our node's bind.
function ephemeralLow() {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// A first port P with P..P+count-1 free on 127.0.0.1 (scripts/testnet gives node i port P+i).
export async function freeRange(count) {
  const low = 10000;
  const high = Math.max(low + 1000, ephemeralLow()) - count;
  for (;;) {
    const base = low + Math.floor(Math.random() * (high - low));
    let ok = true;
    for (let i = 0; i < count && ok; ++i) ok = await isFree(base + i);
    if (ok) return base;
  }
}

export function freePort() {
  return freeRange(1);
}

export class DevNode {
  // `wasmExecution`: the node's --wasm-execution (the interpreter unless a test needs the
  // compiled tier).
  constructor(canary, { prometheus = false, wasmExecution = 'interpreted-i-know-what-i-do' } = {}) {
    this.canary = canary;
    this.wasmExecution = wasmExecution;
    this.base = mkdtempSync(join(tmpdir(), 'canary-dev-node-'));
    this.prometheus = prometheus;
    this.log = '';
    this.extraArgs = [];
    this.env = {};
  }

  async start() {
    if (!this.rpcPort) this.rpcPort = await freePort();
    if (this.prometheus && !this.promPort) this.promPort = await freePort();
    if (!this.p2pPort) this.p2pPort = await freePort();
    this.log = '';
    const args = ['--dev', '--base-path', this.base, '--rpc-port', String(this.rpcPort),
      '--wasm-execution', this.wasmExecution];
    if (this.prometheus) args.push('--prometheus-port', String(this.promPort));
    else args.push('--no-prometheus');
    args.push('--listen-addr', `/ip4/127.0.0.1/tcp/${this.p2pPort}`, ...this.extraArgs);
    this.process = spawn(this.canary, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    this.process.stderr.on('data', (d) => { this.log += d.toString(); });
    this.exited = new Promise((r) => this.process.on('exit', r));
  }

  get url() {
    return `ws://127.0.0.1:${this.rpcPort}`;
  }

  async kill() {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  async stop() {
    if (this.process.exitCode === null) {
      this.process.kill('SIGINT');
      await this.exited;
    }
    rmSync(this.base, { recursive: true, force: true });
  }

  tail(chars = 3000) {
    return this.log.slice(-chars);
  }
}

// One JSON-RPC call over HTTP: the whole answer ({result} or {error}).
export async function call(node, method, params = []) {
  const response = await fetch(`http://127.0.0.1:${node.rpcPort}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
  });
  return response.json();
}

// The result of one call; an error answer throws.
export async function rpc(node, method, params = []) {
  const body = await call(node, method, params);
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

// Retries `fn` until it returns a truthy value (RPC servers starting, connections forming).
export async function until(what, fn, node, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${last?.message ?? ''}\n${node.tail()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// A polkadot.js API on the node, once its RPC server answers.
export async function connectApi(node) {
  for (let attempt = 0; attempt < 100; ++attempt) {
    try {
      const provider = new WsProvider(node.url, false);
      await provider.connect();
      return await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`no RPC server\n${node.tail()}`);
}
