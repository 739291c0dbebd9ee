#!/usr/bin/env node
'use strict';
// Readiness probe for the local broker started by kafka.sh. It speaks the Kafka wire protocol directly
// (no npm dependency) and reports ready only once a Metadata response lists a live broker: a KRaft
// broker accepts connections slightly before the controller has unfenced it, and creating a topic in
// that window fails with "only 0 broker(s) are registered".
//
// usage: node broker-probe.js --host 127.0.0.1 --port 9092 [--timeout-ms 60000] [--pid 1234] [--once]
// exit codes: 0 ready, 1 not ready before the timeout, 2 the broker process (--pid) exited.

const net = require('node:net');

const METADATA_API_KEY = 3;
const METADATA_VERSION = 1;
const PROBE_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 2000;

function parseArguments(argv) {
  const options = { host: '127.0.0.1', port: 9092, timeoutMs: 60000, pid: undefined, once: false };
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index];
    if (name === '--once') options.once = true;
    else if (name === '--host') options.host = argv[++index];
    else if (name === '--port') options.port = Number(argv[++index]);
    else if (name === '--timeout-ms') options.timeoutMs = Number(argv[++index]);
    else if (name === '--pid') options.pid = Number(argv[++index]);
    else throw new Error(`unknown argument ${name}`);
  }
  return options;
}

// Metadata v1 with an empty topic list: returns the live brokers and no topic metadata.
function metadataRequest(correlationId) {
  const clientId = Buffer.from('argus-kafka-probe');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
  let offset = body.writeInt16BE(METADATA_API_KEY, 0);
  offset = body.writeInt16BE(METADATA_VERSION, offset);
  offset = body.writeInt32BE(correlationId, offset);
  offset = body.writeInt16BE(clientId.length, offset);
  offset += clientId.copy(body, offset);
  body.writeInt32BE(0, offset);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

function probeOnce(host, port) {
  return new Promise((resolve) => {
    const correlationId = Math.floor(Math.random() * 0x7fffffff);
    const socket = net.createConnection({ host, port });
    let received = Buffer.alloc(0);
    const finish = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish({ ready: false, reason: 'no answer within 2 s' }));
    socket.on('error', (error) => finish({ ready: false, reason: error.code || error.message }));
    socket.on('connect', () => socket.write(metadataRequest(correlationId)));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 12) return;
      const size = received.readInt32BE(0);
      if (received.length < 4 + size) return;
      if (received.readInt32BE(4) !== correlationId) {
        finish({ ready: false, reason: 'unexpected correlation id (is this a Kafka broker?)' });
        return;
      }
      const brokerCount = received.readInt32BE(8);
      finish(
        brokerCount > 0
          ? { ready: true, reason: `${brokerCount} live broker(s)` }
          : { ready: false, reason: 'broker answers but is not registered with the controller yet' },
      );
    });
  });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const result = await probeOnce(options.host, options.port);
    if (result.ready) return 0;
    if (options.once) {
      process.stderr.write(`${options.host}:${options.port}: ${result.reason}\n`);
      return 1;
    }
    if (options.pid !== undefined && !processAlive(options.pid)) {
      process.stderr.write(`broker process ${options.pid} exited before it was ready\n`);
      return 2;
    }
    if (Date.now() >= deadline) {
      process.stderr.write(
        `broker ${options.host}:${options.port} not ready after ${options.timeoutMs} ms: ${result.reason}\n`,
      );
      return 1;
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  },
);
