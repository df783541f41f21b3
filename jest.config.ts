import type { Config } from 'jest';

// One configuration, tiers told apart by where a spec lives and how it is named (docs/testing.md):
// unit specs beside the code, integration specs in each project's test/, cross-service specs in
// apps/e2e, and fault specs (which stop and start real processes) run last and one at a time.
const swcTransform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

const shared = {
  testEnvironment: 'node',
  transform: swcTransform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@platform/stack$': '<rootDir>/infra/stack/src/index.ts',
    '^@platform/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.stack/', '<rootDir>/.tooling/'],
} satisfies Config;

const config: Config = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,infra,tools}/*/{src,bench}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,infra,tools}/*/test/**/*.int-spec.ts'],
      slowTestThreshold: 30,
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/e2e/**/*.e2e-spec.ts'],
      // The services run as separate processes for the whole tier, started once.
      globalSetup: '<rootDir>/apps/e2e/src/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/e2e/src/support/global-teardown.ts',
      slowTestThreshold: 60,
    },
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/{apps,libs,infra,tools}/*/test/**/*.fault-spec.ts'],
      slowTestThreshold: 120,
    },
  ],
};

export default config;
