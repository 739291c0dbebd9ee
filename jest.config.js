// Three tiers (STYLE.md): unit = pure and fast (`timing` = the unit tests that assert time budgets);
// integration = real Kafka broker and real ClickHouse engine; e2e = the apps as processes. SWC transpiles (type-checking is `npm run typecheck`).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@argus/testing$': '<rootDir>/test/support',
  '^@argus/clickhouse/rows$': '<rootDir>/libs/clickhouse/src/rows',
  '^@argus/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const base = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    // Time budgets (hostile input within 50 ms): pure like unit tests, but run alone (--runInBand, no
    // broker yet) so that they measure the code rather than the neighbours. See test/support/fastest-run.ts.
    { ...base, displayName: 'timing', testMatch: ['<rootDir>/{apps,libs}/**/*.timing-spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/kafka-global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-timeout.js'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/kafka-global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.js'],
    },
  ],
};
