import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  bindMountsOf,
  buildArgsOf,
  dependenciesOf,
  environmentOf,
  publishedPortsOf,
  readCompose,
  targetPortsOf,
  type ComposeService,
} from './compose-file';
import { CONNECTORS_JOB, registeredConnectors } from './compose-topics';
import { envReferencesOf } from './connectors';
import { appsWith, deployableApps, envExampleOf, fromRoot } from './workspace';

const compose = readCompose();
const services = compose.services;
const apps = deployableApps();
// Variables a service reads outside its config schema: OpenTelemetry's SDK reads its own.
const PLATFORM_VARIABLE = /^OTEL_/;

function service(name: string): ComposeService {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

interface ConfigModule {
  loadConfig?: (env: NodeJS.ProcessEnv) => unknown;
}

async function configModuleOf(app: string): Promise<ConfigModule> {
  // Loaded by path: a tool project may not import an app, and this reads the app's real schema.
  return (await import(fromRoot('apps', app, 'src/config.ts'))) as ConfigModule;
}

/** The compose environment with each `*_FILE` path replaced by a readable file (keys are made at `up`). */
function withReadableFiles(env: Record<string, string>, dir: string): Record<string, string> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const result = { ...env };
  for (const [key, value] of Object.entries(env)) {
    if (!key.endsWith('_FILE')) continue;
    const file = join(dir, basename(value));
    writeFileSync(file, key.includes('PRIVATE') ? privateKey : publicKey);
    result[key] = file;
  }
  return result;
}

function problemsOf(error: unknown): string[] {
  const problems = (error as { problems?: readonly string[] }).problems;
  return problems ? [...problems] : [String(error)];
}

describe('the app services', () => {
  it('build every app that has src/main.ts from the root Dockerfile, each with its APP argument', () => {
    const built = Object.entries(services).filter(([, spec]) => spec.build !== undefined);

    expect([...new Set(built.map(([, spec]) => buildArgsOf(spec).APP))].sort()).toEqual(apps);
    for (const [name, spec] of built) {
      // An app's service, or its seed job (`seed-<app>`), which shares the app's image.
      const app = name.replace(/^seed-/, '');
      expect({ name, build: spec.build, image: spec.image }).toEqual({
        name,
        build: { context: '.', args: { APP: app } },
        image: `course-platform/${app}:local`,
      });
    }
  });

  it.each(apps)('%s has an image of its own and publishes its HTTP_PORT', (app) => {
    const spec = service(app);
    const httpPort = environmentOf(spec).HTTP_PORT;

    expect(spec.image).toBe(`course-platform/${app}:local`);
    expect(httpPort).toMatch(/^\d+$/);
    expect(targetPortsOf(spec)).toContain(httpPort);
    expect(publishedPortsOf(spec)).toContain(httpPort);
  });

  it.each(apps)('%s sets only variables its .env.example lists (or OpenTelemetry reads)', (app) => {
    const known = Object.keys(envExampleOf(app));
    const unknown = Object.keys(environmentOf(service(app))).filter(
      (key) => !known.includes(key) && !PLATFORM_VARIABLE.test(key),
    );
    expect(unknown).toEqual([]);
  });

  it.each(apps)('%s sets every variable its config schema requires', async (app) => {
    const { loadConfig } = await configModuleOf(app);
    if (typeof loadConfig !== 'function')
      throw new Error(`apps/${app}/src/config.ts exports no loadConfig(env)`);
    let required: string[] = [];
    try {
      loadConfig({});
    } catch (error) {
      required = problemsOf(error).map((problem) => problem.split(':')[0] as string);
    }
    const env = environmentOf(service(app));
    // `JWT_PRIVATE_KEY: set JWT_PRIVATE_KEY (PEM text) or JWT_PRIVATE_KEY_FILE (a path)`: either will do.
    const missing = required.filter((name) => env[name] === undefined && env[`${name}_FILE`] === undefined);
    expect(missing).toEqual([]);
  });

  it.each(apps)(
    '%s loads its own config from its compose environment (the rest have defaults)',
    async (app) => {
      const { loadConfig } = await configModuleOf(app);
      if (typeof loadConfig !== 'function')
        throw new Error(`apps/${app}/src/config.ts exports no loadConfig(env)`);
      const dir = mkdtempSync(join(tmpdir(), 'compose-env-'));
      try {
        const env = withReadableFiles(environmentOf(service(app)), dir);
        let problems: string[] = [];
        try {
          loadConfig(env);
        } catch (error) {
          problems = problemsOf(error);
        }
        expect(problems).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.each(apps)('%s reaches the collector through OTEL_EXPORTER_OTLP_ENDPOINT', (app) => {
    if (app === 'web') return;
    expect(environmentOf(service(app)).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
  });
});

describe('every service', () => {
  it('names an image', () => {
    const withoutImage = Object.entries(services)
      .filter(([, spec]) => !spec.image)
      .map(([name]) => name);
    expect(withoutImage).toEqual([]);
  });

  it('leaves nothing for Compose to interpolate (a $ in a value would be read as a variable)', () => {
    expect(JSON.stringify(compose)).not.toContain('$');
  });

  it('publishes each host port once, every one a number', () => {
    const ports = Object.values(services).flatMap(publishedPortsOf);
    expect(ports.every((port) => /^\d+$/.test(port))).toBe(true);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('mounts only files and folders that exist', () => {
    const missing = Object.values(services)
      .flatMap(bindMountsOf)
      .filter(({ source }) => source.startsWith('./'))
      .map(({ source }) => source)
      .filter((source) => {
        try {
          readFileSync(fromRoot(source));
          return false;
        } catch (error) {
          return (error as NodeJS.ErrnoException).code !== 'EISDIR';
        }
      });
    expect(missing).toEqual([]);
  });
});

describe('the start order', () => {
  const healthy = (name: string): boolean => {
    const spec = service(name);
    if (spec.healthcheck?.disable) return false;
    return spec.healthcheck?.test !== undefined;
  };

  it('waits only on services that exist, with a health check where it waits for health, and on one-shot jobs where it waits for completion', () => {
    for (const [name, spec] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(spec))) {
        expect({ name, dependency, exists: services[dependency] !== undefined }).toEqual({
          name,
          dependency,
          exists: true,
        });
        if (condition === 'service_healthy')
          expect({ name, dependency, healthy: healthy(dependency) }).toEqual({
            name,
            dependency,
            healthy: true,
          });
        if (condition === 'service_completed_successfully') {
          expect({ name, dependency, restart: service(dependency).restart }).toEqual({
            name,
            dependency,
            restart: 'no',
          });
        }
      }
    }
  });

  it('has no cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' -> ')}`);
      visiting.add(name);
      for (const dependency of Object.keys(dependenciesOf(service(name)))) visit(dependency, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
    expect(done.size).toBe(Object.keys(services).length);
  });

  it.each(apps)('%s is healthy only when /health/ready answers', (app) => {
    expect(JSON.stringify(service(app).healthcheck?.test)).toContain('/health/ready');
  });

  it.each(apps.filter((app) => app !== 'web'))(
    '%s starts after the topics exist and its stores are healthy',
    (app) => {
      const spec = service(app);
      const env = environmentOf(spec);
      const dependencies = dependenciesOf(spec);
      expect(dependencies['kafka-topics']).toBe('service_completed_successfully');
      if (env.POSTGRES_HOST !== undefined) expect(dependencies.postgres).toBe('service_healthy');
      if (env.REDIS_HOST !== undefined) expect(dependencies.redis).toBe('service_healthy');
    },
  );

  it('registers the connectors after every service migrated (healthy), the topics exist and Connect is up', () => {
    const dependencies = dependenciesOf(service(CONNECTORS_JOB));
    const migrating = appsWith('src/database/migrate.cli.ts');

    expect(migrating.length).toBeGreaterThan(0);
    for (const app of migrating)
      expect({ app, condition: dependencies[app] }).toEqual({ app, condition: 'service_healthy' });
    expect(dependencies['kafka-connect']).toBe('service_healthy');
    expect(dependencies['kafka-topics']).toBe('service_completed_successfully');
  });

  it.each(appsWith('src/database/seed.cli.ts'))(
    'seeds %s with its seed.cli.ts, in its image, once it is healthy',
    (app) => {
      const job = service(`seed-${app}`);
      const appEnv = environmentOf(service(app));
      const jobEnv = environmentOf(job);

      expect(job.image).toBe(service(app).image);
      // An entrypoint, so `docker compose run --rm seed-<app> --students load:100` passes options on.
      expect(job.entrypoint).toEqual([
        'node',
        '--enable-source-maps',
        `dist/apps/${app}/src/database/seed.cli.js`,
      ]);
      expect(job.command).toBeUndefined();
      expect(dependenciesOf(job)[app]).toBe('service_healthy');
      expect(job.restart).toBe('no');
      for (const key of Object.keys(appEnv).filter((name) => /^POSTGRES_|_DB_/.test(name))) {
        expect({ key, value: jobEnv[key] }).toEqual({ key, value: appEnv[key] });
      }
    },
  );
});

interface DatabasesFile {
  databases: { name: string; owner: string; password: string; database?: string }[];
  cdc: { role: string; password: string; database: string; schema: string };
}
const databasesFile = JSON.parse(
  readFileSync(fromRoot('infra/postgres/databases.json'), 'utf8'),
) as DatabasesFile;

describe('Postgres', () => {
  const { databases } = databasesFile;

  it('runs with wal_level=logical and creates the databases of infra/postgres/databases.json', () => {
    const postgres = service('postgres');
    const mounts = bindMountsOf(postgres);
    const initScript = readFileSync(fromRoot('infra/compose/postgres/init-databases.sql'), 'utf8');

    expect(postgres.command).toEqual(expect.arrayContaining(['wal_level=logical']));
    expect(mounts).toContainEqual({
      source: './infra/postgres/databases.json',
      target: '/etc/course-platform/databases.json',
    });
    expect(mounts).toContainEqual({
      source: './infra/compose/postgres/init-databases.sql',
      target: '/docker-entrypoint-initdb.d/10-databases.sql',
    });
    expect(initScript).toContain('cat /etc/course-platform/databases.json');
    expect(initScript).toMatch(/CREATE ROLE %I LOGIN %s PASSWORD %L/);
    expect(initScript).toMatch(/CREATE DATABASE %I OWNER %I/);
    expect(initScript).toMatch(/CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I/);
    expect(initScript).toMatch(/ALTER ROLE %I IN DATABASE %I SET search_path = %I/);
  });

  it('gives every service the credentials databases.json creates', () => {
    const withDatabase = Object.entries(services).filter(([, spec]) =>
      Object.keys(environmentOf(spec)).some((key) => key.endsWith('_DB_USER')),
    );
    expect(withDatabase.length).toBeGreaterThan(0);
    for (const [name, spec] of withDatabase) {
      const env = environmentOf(spec);
      for (const prefix of Object.keys(env)
        .filter((key) => key.endsWith('_DB_USER'))
        .map((key) => key.slice(0, -'_USER'.length))) {
        const owner = env[`${prefix}_USER`];
        const { cdc } = databasesFile;
        const database: { password: string; name: string; database?: string } | undefined =
          owner === cdc.role
            ? { password: cdc.password, name: cdc.database }
            : databases.find((entry) => entry.owner === owner);
        expect({ name, prefix, found: database !== undefined }).toEqual({ name, prefix, found: true });
        expect({ name, password: env[`${prefix}_PASSWORD`] }).toEqual({ name, password: database?.password });
        if (env[`${prefix}_NAME`] !== undefined)
          expect({ name, db: env[`${prefix}_NAME`] }).toEqual({
            name,
            db: database?.database ?? database?.name,
          });
      }
    }
  });
});

describe('Kafka Connect', () => {
  const connect = environmentOf(service('kafka-connect'));
  const connectors = registeredConnectors(compose);

  it('resolves ${env:...} references with the env config provider', () => {
    expect(connect.CONNECT_CONFIG_PROVIDERS).toBe('env');
    expect(connect.CONNECT_CONFIG_PROVIDERS_ENV_CLASS).toBe(
      'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    );
  });

  it('has every variable the registered connectors reference', () => {
    const references = [...new Set(connectors.flatMap(envReferencesOf))].sort();
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((name) => connect[name] === undefined)).toEqual([]);
  });

  it('registers the connector files of infra/connectors, every service connector among them', () => {
    const job = service(CONNECTORS_JOB);
    expect(bindMountsOf(job)).toContainEqual({
      source: './infra/connectors',
      target: environmentOf(job).CONNECTORS_DIR,
    });
    expect(connectors.map((connector) => connector.name)).toEqual(expect.arrayContaining(['platform']));
  });

  it("gives each connector the credentials of the database it reads: Debezium's own in the shared one", () => {
    const { databases, cdc } = databasesFile;
    const signIn = (dbname: string | undefined) =>
      dbname === cdc.database
        ? { owner: cdc.role, password: cdc.password }
        : databases.find((entry) => entry.database === undefined && entry.name === dbname);
    for (const connector of connectors) {
      const resolveRef = (value: string | undefined) =>
        (value ?? '').replace(/\$\{env:([A-Za-z0-9_]+)\}/g, (_match, name: string) => connect[name] ?? '');
      const database = signIn(connector.config['database.dbname']);
      expect({
        connector: connector.name,
        user: resolveRef(connector.config['database.user']),
        password: resolveRef(connector.config['database.password']),
        host: resolveRef(connector.config['database.hostname']),
      }).toEqual({
        connector: connector.name,
        user: database?.owner,
        password: database?.password,
        host: 'postgres',
      });
    }
  });
});
