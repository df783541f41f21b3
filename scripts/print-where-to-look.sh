#!/usr/bin/env bash
# What `./platform start` prints at the end: where each running piece can be reached.
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$ROOT"
cat <<TXT

The platform is running. Where to look:

  Postgres        postgres://postgres:postgres@${POSTGRES_HOST:-127.0.0.1}:${POSTGRES_PORT:-15432}/postgres
                  (one database per service: registration, seat_inventory, payment, saga)
  Redis           redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-16379}
  Kafka           ${KAFKA_HOST:-127.0.0.1}:${KAFKA_PORT:-19092}   (topics from libs/contracts' catalog)
  Kafka Connect   http://${KAFKA_CONNECT_HOST:-127.0.0.1}:${KAFKA_CONNECT_PORT:-18083}/connectors

  ./platform stack status      health of every component
  ./platform stack logs -f     follow every log (files under .stack/logs/)
  ./platform stop              stop everything
TXT
