-- Runs once, on the first start of an empty data directory (docker-entrypoint-initdb.d), as the
-- superuser. Creates a role and a database per entry of infra/postgres/databases.json, which
-- compose mounts at /etc/course-platform/databases.json, the same list the native stack reads.
-- Roles may replicate: Debezium reads each database's WAL as its owner.
\set ON_ERROR_STOP on
\set databases `cat /etc/course-platform/databases.json`

SELECT format('CREATE ROLE %I LOGIN REPLICATION PASSWORD %L', entry->>'owner', entry->>'password')
FROM json_array_elements((:'databases')::json -> 'databases') AS entry
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = entry->>'owner')
\gexec

-- CREATE DATABASE cannot run in a transaction block; \gexec sends each statement on its own.
SELECT format('CREATE DATABASE %I OWNER %I', entry->>'name', entry->>'owner')
FROM json_array_elements((:'databases')::json -> 'databases') AS entry
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = entry->>'name')
\gexec
