// A `canary --dev` child process for the interop tests that talk to a real node: free ports (RPC,
// Prometheus, and p2p on loopback only, so that nodes of parallel tests never meet), a temporary
// base path, the node's log kept for failure messages, clean and forced stops. `extraArgs` are
// appended to the command line of the next start().

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class DevNode {
  constructor(canary, { prometheus = false } = {}) {
    this.canary = canary;
    this.base = mkdtempSync(join(tmpdir(), 'canary-dev-node-'));
    this.prometheus = prometheus;
    this.log = '';
    this.extraArgs = [];
  }

  async start() {
    if (!this.rpcPort) this.rpcPort = await freePort();
    if (this.prometheus && !this.promPort) this.promPort = await freePort();
    if (!this.p2pPort) this.p2pPort = await freePort();
    this.log = '';
    const args = ['--dev', '--base-path', this.base, '--rpc-port', String(this.rpcPort),
      '--wasm-execution', 'interpreted-i-know-what-i-do'];
    if (this.prometheus) args.push('--prometheus-port', String(this.promPort));
    else args.push('--no-prometheus');
    args.push('--listen-addr', `/ip4/127.0.0.1/tcp/${this.p2pPort}`, ...this.extraArgs);
    this.process = spawn(this.canary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
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
