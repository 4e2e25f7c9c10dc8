// state_getStorage over one WebSocket with requests pipelined (the node issue's RPC target: at
// least 20,000 per second): sends N requests for System.Account of Alice without waiting, and
// reports requests per second once every answer arrived.
//   node bench_rpc_storage.mjs ws://127.0.0.1:9944 [N]
import { WebSocket } from 'ws';
const url = process.argv[2] || 'ws://127.0.0.1:9944';
const n = Number(process.argv[3] || 20000);
const key = '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const ws = new WebSocket(url);
await new Promise((r) => ws.on('open', r));
let received = 0;
const done = new Promise((resolve) => ws.on('message', () => { if (++received === n) resolve(); }));
const started = process.hrtime.bigint();
for (let i = 0; i < n; ++i) ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'state_getStorage', params: [key] }));
await done;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ requests: n, seconds: Number(seconds.toFixed(3)), requests_per_second: Math.round(n / seconds) }));
ws.close();
