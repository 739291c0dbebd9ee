'use strict';
// Jest globalSetup of the integration and e2e projects: makes sure a Kafka broker answers before any
// test file runs. With KAFKA_BROKERS set, that cluster is used as is. Otherwise the local single-node
// broker of deploy/kafka/kafka.sh is started (a no-op when it already runs) and left running: starting
// it costs about a second and the Makefile stops it after the whole test run.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function kafkaGlobalSetup() {
  if (process.env.KAFKA_BROKERS) return;
  const script = path.resolve(__dirname, '..', '..', 'deploy', 'kafka', 'kafka.sh');
  execFileSync(script, ['start'], { stdio: 'inherit' });
  process.env.KAFKA_BROKERS = `127.0.0.1:${process.env.ARGUS_KAFKA_PORT || '9092'}`;
};
