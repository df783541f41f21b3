-- Runs once, on the first start of an empty data directory (docker-entrypoint-initdb.d), as the
-- superuser. Does what the native stack's provisioning does (infra/stack, provisionDatabases)
-- from the same infra/postgres/databases.json, which compose mounts at
-- /etc/course-platform/databases.json: a role per store; a database per store of its own; the
-- shared database with a schema per shared store, owned by its role and on its search_path; and
-- Debezium's role, which may replicate and is a member of the shared stores' roles (ADR 0009).
\set ON_ERROR_STOP on
\set databases `cat /etc/course-platform/databases.json`

SELECT format('CREATE ROLE %I LOGIN %s PASSWORD %L', entry->>'owner',
              CASE WHEN entry->>'database' IS NULL THEN 'REPLICATION' ELSE 'NOREPLICATION' END, entry->>'password')
FROM json_array_elements((:'databases')::json -> 'databases') AS entry
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = entry->>'owner')
\gexec

SELECT format('CREATE ROLE %I LOGIN REPLICATION PASSWORD %L', cdc->>'role', cdc->>'password')
FROM (SELECT (:'databases')::json -> 'cdc' AS cdc) AS spec
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = cdc->>'role')
\gexec

-- CREATE DATABASE cannot run in a transaction block; \gexec sends each statement on its own.
SELECT format('CREATE DATABASE %I OWNER %I', entry->>'name', entry->>'owner')
FROM json_array_elements((:'databases')::json -> 'databases') AS entry
WHERE entry->>'database' IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = entry->>'name')
\gexec

SELECT (:'databases')::json -> 'cdc' ->> 'database' AS shared,
       (:'databases')::json -> 'cdc' ->> 'role' AS cdc_role,
       (:'databases')::json -> 'cdc' ->> 'schema' AS cdc_schema
\gset
SELECT format('CREATE DATABASE %I', :'shared')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'shared')
\gexec

\connect :"shared"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', entry->>'name', entry->>'owner'),
       format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', entry->>'owner', :'shared', entry->>'name'),
       format('GRANT %I TO %I', entry->>'owner', :'cdc_role')
FROM json_array_elements((:'databases')::json -> 'databases') AS entry
WHERE entry->>'database' = :'shared'
\gexec

SELECT format('GRANT CREATE ON DATABASE %I TO %I', :'shared', :'cdc_role'),
       format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'cdc_schema', :'cdc_role'),
       format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', :'cdc_role', :'shared', :'cdc_schema')
\gexec

-- The connector's heartbeat table, as HEARTBEAT_TABLE_DDL (@platform/persistence) makes it.
SET ROLE :"cdc_role";
SET search_path = :"cdc_schema";
CREATE TABLE IF NOT EXISTS debezium_heartbeat (
  id bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ts timestamptz NOT NULL DEFAULT now()
);
RESET ROLE;
