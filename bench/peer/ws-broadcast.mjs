// The fan-out benchmark's peer: a plain Node broadcast server on npm `ws` (package.json),
// relaying the gateway's floor stream. `lernort-floor-bench fanout --peer` starts it as a
// child process and runs the same client ramp against it (docs/fanout-peer.md).
//
//   node bench/peer/ws-broadcast.mjs UPSTREAM_URL [PORT]
//   node bench/peer/ws-broadcast.mjs ws://127.0.0.1:8080/floor 0
//
// It connects ONCE to UPSTREAM_URL (subprotocol lernort-floor.v1) and relays every message
// to all its clients the plain `ws` way: `for (const c of wss.clients) c.send(data)`. No
// tuning beyond ws's documented defaults (perMessageDeflate off, as ws's server default).
//
// A client of the floor protocol (docs/floor-protocol.md) needs the layout (text), the
// status and a full frame before deltas make sense. The peer keeps the layout, the latest
// status, the latest full frame and the deltas since it; a newcomer gets those in that order
// and then everything relayed after it (Node runs one thing at a time: nothing falls in
// between). Listens on 127.0.0.1:PORT (0: any free port) once the upstream's layout and
// first full frame arrived, then prints the port alone on a line of stdout and, on a second
// line, what it runs on (`ws 8.x.y, Node vN`). Exits when the upstream connection ends:
// without it there is nothing to relay.
import { createRequire } from 'node:module';
import WebSocket, { WebSocketServer } from 'ws';

const wsVersion = createRequire(import.meta.url)('ws/package.json').version;

const SUBPROTOCOL = 'lernort-floor.v1';
const KIND_FULL = 0;
const KIND_DELTA = 1;
const KIND_STATUS = 2;

const [upstreamUrl, portArg = '0'] = process.argv.slice(2);
const port = Number(portArg);
if (!upstreamUrl || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node bench/peer/ws-broadcast.mjs UPSTREAM_URL [PORT]');
  process.exit(2);
}

// What a newcomer is sent before the relay: layout, status, full frame, deltas since.
let layout = null;
let status = null;
let full = null;
let deltas = [];
let wss = null;

const upstream = new WebSocket(upstreamUrl, SUBPROTOCOL);

upstream.on('message', (data, isBinary) => {
  if (!isBinary) {
    layout = data;
  } else if (data.length >= 3) {
    switch (data[2]) {
      case KIND_FULL:
        full = data;
        deltas = [];
        break;
      case KIND_DELTA:
        deltas.push(data);
        break;
      case KIND_STATUS:
        status = data;
        break;
    }
  }
  if (wss) {
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  } else if (layout && full) {
    listen();
  }
});

upstream.on('error', (error) => {
  console.error(`ws-broadcast: upstream ${upstreamUrl}: ${error.message}`);
  process.exit(1);
});

upstream.on('close', (code) => {
  console.error(`ws-broadcast: upstream closed (${code})`);
  process.exit(1);
});

function listen() {
  wss = new WebSocketServer({
    host: '127.0.0.1',
    port,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  wss.on('connection', (client) => {
    client.on('error', () => {});
    client.send(layout, { binary: false });
    if (status) client.send(status);
    client.send(full);
    for (const delta of deltas) client.send(delta);
  });
  wss.on('error', (error) => {
    console.error(`ws-broadcast: ${error.message}`);
    process.exit(1);
  });
  wss.on('listening', () => {
    console.log(String(wss.address().port));
    console.log(`ws ${wsVersion}, Node ${process.version}`);
  });
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
