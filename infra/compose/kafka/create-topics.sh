#!/bin/sh
# Creates every topic in topics.txt (generated from the contracts catalog, see the header of that
# file) with its partitions, cleanup policy and retention. Runs once per `docker compose up`;
# a topic that exists is left alone. The broker creates no topic by itself.
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP}"
TOPICS_FILE="${TOPICS_FILE:-/etc/course-platform/topics.txt}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

existing="$("$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --list)"
created=0
kept=0
while read -r name partitions cleanup retention; do
  case "$name" in '' | '#'*) continue ;; esac
  if printf '%s\n' "$existing" | grep -qxF "$name"; then
    kept=$((kept + 1))
    continue
  fi
  set -- --config "cleanup.policy=$cleanup"
  if [ "$retention" != "-" ]; then set -- "$@" --config "retention.ms=$retention"; fi
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "$@"
  created=$((created + 1))
done < "$TOPICS_FILE"
echo "topics: $created created, $kept already there"
