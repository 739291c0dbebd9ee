# Entry points for people and CI. package.json scripts do the work; this file adds the set-up each
# target needs (dependencies, the Kafka broker jars, a build) so every target works on a fresh clone
# and is safe to run twice.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The test broker runs on its own ports and data directory so it never touches a demo broker.
TEST_KAFKA_ENV := ARGUS_KAFKA_PORT=19092 ARGUS_KAFKA_CONTROLLER_PORT=19093 ARGUS_KAFKA_DIR=$(CURDIR)/.argus/kafka-test

.PHONY: help install kafka-install build demo test test-unit test-integration test-e2e bench lint stop clean

help:
	@echo "make demo   - start a local Kafka broker and run Argus on synthetic traffic (embedded ClickHouse)"
	@echo "make test   - install what is needed and run unit, integration and end-to-end tests"
	@echo "make bench  - throughput and latency benchmarks (test/bench)"
	@echo "make eval   - detection quality on ../shared/data/dev (recall, FPR, ROC AUC, per source)"
	@echo "make lint   - eslint (zero warnings), prettier, tsc"
	@echo "make stop   - stop the local Kafka brokers started by demo or test"

node_modules/.install-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: node_modules/.install-stamp

kafka-install:
	@deploy/kafka/kafka.sh install

build: install
	npm run --silent build

demo: install kafka-install build
	@deploy/kafka/kafka.sh start
	bin/argus demo

test: install kafka-install build
	@deploy/scripts/ensure-chromium.sh
	@deploy/scripts/ensure-rsyslog.sh
	npx jest --selectProjects unit
	npx jest --selectProjects timing --runInBand
	@$(TEST_KAFKA_ENV) deploy/kafka/kafka.sh start
	@set -o pipefail; status=0; \
	  $(TEST_KAFKA_ENV) KAFKA_BROKERS=127.0.0.1:19092 npx jest --selectProjects integration e2e --runInBand || status=$$?; \
	  $(TEST_KAFKA_ENV) deploy/kafka/kafka.sh stop; \
	  exit $$status

# Unit tests in parallel, then the time-budget tests alone (they measure the code, not the neighbours).
test-unit: install
	npx jest --selectProjects unit
	npx jest --selectProjects timing --runInBand

# The integration and e2e tiers alone; jest's globalSetup starts the test broker.
test-integration: install kafka-install build
	@deploy/scripts/ensure-rsyslog.sh
	@$(TEST_KAFKA_ENV) npx jest --selectProjects integration --runInBand

test-e2e: install kafka-install build
	@deploy/scripts/ensure-chromium.sh
	@$(TEST_KAFKA_ENV) npx jest --selectProjects e2e --runInBand

bench: install kafka-install build
	@$(TEST_KAFKA_ENV) deploy/kafka/kafka.sh start
	@status=0; $(TEST_KAFKA_ENV) KAFKA_BROKERS=127.0.0.1:19092 npm run --silent bench || status=$$?; \
	  $(TEST_KAFKA_ENV) deploy/kafka/kafka.sh stop; exit $$status

lint: install
	npm run --silent lint

stop:
	@deploy/kafka/kafka.sh stop || true
	@$(TEST_KAFKA_ENV) deploy/kafka/kafka.sh stop || true

clean: stop
	rm -rf dist .argus node_modules deploy/kafka/lib

# Detection quality on the development sets (../shared/data/dev, or ARGUS_DEV_DATA): runs bin/argus
# detect over them and prints recall, false-positive rate, ROC AUC and a per-source breakdown.
.PHONY: eval
eval: install build
	npm run --silent eval
