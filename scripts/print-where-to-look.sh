#!/usr/bin/env bash
# What `./platform start` prints at the end: where each running piece can be reached.
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$ROOT"
cat <<TXT

The platform is running, with demo modules and students (alice, bob, carol, dave; password demo-password).

  Student page      http://localhost:3000             (sign in as alice / demo-password)
  WebSocket         ws://localhost:3006/ws            (notification-gateway; docs/realtime.md)

  Registration API  http://127.0.0.1:3001            (OpenAPI: http://127.0.0.1:3001/openapi.json)
                    curl -s -XPOST localhost:3001/sessions -H 'content-type: application/json' \\
                         -d '{"studentId":"alice","password":"demo-password"}'
                    curl -s localhost:3001/modules
  Services          web 3000, registration 3001, seat-inventory 3002, payment 3003, saga 3004,
                    projector 3005, gateway 3006: each has /health/live and /health/ready,
                    and every service but web has /metrics
  Postgres          postgres://postgres:postgres@${POSTGRES_HOST:-127.0.0.1}:${POSTGRES_PORT:-15432}/platform
                    (a schema per service: registration, seat_inventory, payment, saga)
  Redis             redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-16379}   (read models under readmodel:*)
  Kafka             ${KAFKA_HOST:-127.0.0.1}:${KAFKA_PORT:-19092}   (topics from libs/contracts' catalog)
  Kafka Connect     http://${KAFKA_CONNECT_HOST:-127.0.0.1}:${KAFKA_CONNECT_PORT:-18083}/connectors
  Prometheus        http://${PROMETHEUS_HOST:-127.0.0.1}:${PROMETHEUS_PORT:-19090}/   (every service's /metrics, scraped each second;
                    Status → Targets; queries as in infra/compose/grafana/dashboards/)

  ./platform services status   each service, its pid and URL (logs in .stack/logs/services/)
  ./platform stack status      health of every infrastructure component
  ./platform stack logs -f     follow the infrastructure logs (.stack/logs/)
  ./platform stop              stop everything
TXT
