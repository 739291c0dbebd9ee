import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { type ArgusConfig, ConfigError, ENV_SCHEMA, loadConfig } from '@argus/config';

/**
 * docker-compose.yml is only ever run by users with a Docker engine, so nothing else would notice it
 * drifting from the code: a renamed variable, a port that no longer matches, a Dockerfile CMD pointing
 * at a file the build no longer produces. These checks read the files; no Docker needed.
 */

const ROOT = join(__dirname, '..', '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const ARGUS_SERVICES = ['alerter', 'analyzer', 'api', 'ingest'];

type PortEntry = string | number | { target?: number | string; published?: number | string };
type DependsOn = string[] | Record<string, { condition?: string }>;
type ComposeService = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, unknown> | string[];
  ports?: PortEntry[];
  expose?: (string | number)[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: DependsOn;
};
type ComposeFile = { services: Record<string, ComposeService> } & Record<string, unknown>;

const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;
const schemaVariables = new Set(Object.keys(ENV_SCHEMA.shape));
const FILE_VARIABLE = /_FILE$/;

/** Compose interpolation, as far as a test can know it: `${X:-default}` gives the default, an unset `${X}` nothing. */
function interpolate(value: string): string {
  return value
    .replace(
      /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?(?::?\?[^}]*)?\}/g,
      (_match, fallback?: string) => fallback ?? '',
    )
    .replace(/\$\$/g, '$');
}

/** A service's environment as the container sees it; `null` (taken from the host shell) counts as unset. */
function environmentOf(environment: ComposeService['environment'] | undefined): Record<string, string> {
  const entries: [string, unknown][] = Array.isArray(environment)
    ? environment.map((line) => {
        const at = line.indexOf('=');
        return at === -1 ? [line, null] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(environment ?? {});
  const result: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value === 'string') result[name] = interpolate(value);
    // Compose accepts unquoted numbers and booleans and passes them on as text; null means "from the host shell".
    else if (typeof value === 'number' || typeof value === 'boolean') result[name] = String(value);
  }
  return result;
}

function buildOf(service: ComposeService): { context: string; dockerfile: string } | undefined {
  if (service.build === undefined) return undefined;
  if (typeof service.build === 'string') return { context: service.build, dockerfile: 'Dockerfile' };
  return { context: service.build.context ?? '.', dockerfile: service.build.dockerfile ?? 'Dockerfile' };
}

/**
 * The configuration an Argus container starts with, through loadConfig itself. Files named by `*_FILE`
 * variables live in the image, not here: they point at an existing file instead, so every other check
 * (values, cross-field rules) still runs.
 */
function configOf(name: string): ArgusConfig {
  const environment = environmentOf(services[name].environment);
  for (const variable of Object.keys(environment)) {
    if (FILE_VARIABLE.test(variable) && environment[variable] !== '') environment[variable] = COMPOSE_FILE;
  }
  return loadConfig(environment, '/app');
}

function portNumber(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:\/(?:tcp|udp))?$/.exec(String(value).trim());
  return match ? Number(match[1]) : undefined;
}

function containerPorts(service: ComposeService): number[] {
  const mapped = (service.ports ?? []).map((entry) =>
    typeof entry === 'object' ? portNumber(entry.target) : portNumber(String(entry).split(':').at(-1)),
  );
  const exposed = (service.expose ?? []).map((entry) => portNumber(entry));
  return [...mapped, ...exposed].filter((port): port is number => port !== undefined);
}

function publishedPorts(service: ComposeService): number[] {
  return (service.ports ?? [])
    .map((entry) => {
      if (typeof entry === 'object') return portNumber(entry.published);
      const parts = String(entry).split(':');
      return parts.length >= 2 ? portNumber(parts.at(-2)) : undefined;
    })
    .filter((port): port is number => port !== undefined);
}

function dependencies(service: ComposeService): Record<string, string | undefined> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, spec]) => [name, spec.condition]));
}

function hasComposeHealthcheck(service: ComposeService): boolean {
  const test = service.healthcheck?.test;
  return (
    service.healthcheck?.disable !== true &&
    test !== undefined &&
    !(Array.isArray(test) && test[0] === 'NONE')
  );
}

/** `name://host:port` entries of a Kafka listener list. */
function listeners(value: string | undefined): { name: string; host: string; port: number }[] {
  return (value ?? '')
    .split(',')
    .map((entry) => /^([A-Za-z0-9_]+):\/\/([^:]*):(\d+)$/.exec(entry.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1], host: match[2], port: Number(match[3]) }));
}

type DockerInstruction = { keyword: string; argument: string };

/** Instructions of the last stage of a Dockerfile (the image that runs), continuation lines joined. */
function finalStage(dockerfile: string): DockerInstruction[] {
  const instructions = readFileSync(dockerfile, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), argument: rest.join(' ') };
    });
  const lastFrom = instructions.map((instruction) => instruction.keyword).lastIndexOf('FROM');
  return instructions.slice(lastFrom);
}

function dockerEnv(stage: DockerInstruction[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const { argument } of stage.filter((instruction) => instruction.keyword === 'ENV')) {
    for (const match of argument.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      environment[match[1]] = match[2].replace(/^"|"$/g, '');
    }
  }
  return environment;
}

function readJson(file: string): {
  compilerOptions?: { outDir?: string; rootDir?: string };
  extends?: string;
} {
  return JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as {
    compilerOptions?: { outDir?: string; rootDir?: string };
    extends?: string;
  };
}

describe('docker-compose.yml', () => {
  it('runs the three Argus apps from the Argus image', () => {
    const built = Object.keys(services).filter((name) => buildOf(services[name]) !== undefined);
    expect(built.sort()).toEqual(ARGUS_SERVICES);
  });

  it('names only variables of the environment schema (libs/config/src/env.schema.ts)', () => {
    const sources: Record<string, ComposeService['environment']> = {
      'x-argus-env': compose['x-argus-env'] as Record<string, unknown>,
      ...Object.fromEntries(ARGUS_SERVICES.map((name) => [name, services[name].environment])),
    };
    expect(sources['x-argus-env']).toBeDefined();
    const unknown = Object.entries(sources).flatMap(([source, environment]) =>
      Object.keys(environmentOf(environment))
        .filter((variable) => !schemaVariables.has(variable))
        .map((variable) => `${source}: ${variable}`),
    );
    expect(unknown).toEqual([]);
  });

  it('gives every Argus service a configuration the apps accept', () => {
    const problems: string[] = [];
    for (const name of ARGUS_SERVICES) {
      try {
        configOf(name);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(...error.problems.map((problem) => `${name}: ${problem.variable}: ${problem.message}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("publishes each Argus container's API port, listening on all interfaces", () => {
    const build = buildOf(services.api)!;
    const imageEnv = dockerEnv(finalStage(join(ROOT, build.context, build.dockerfile)));
    for (const name of ARGUS_SERVICES) {
      const config = configOf(name);
      expect({ service: name, apps: config.apps.includes('api') }).toEqual({ service: name, apps: true });
      expect({ service: name, ports: containerPorts(services[name]) }).toEqual({
        service: name,
        ports: [config.api.port],
      });
      // 127.0.0.1 inside a container is unreachable through a published port.
      const host = environmentOf(services[name].environment).API_HOST ?? imageEnv.API_HOST ?? config.api.host;
      expect({ service: name, host }).toEqual({ service: name, host: '0.0.0.0' });
    }
    const published = Object.values(services).flatMap(publishedPorts);
    expect(new Set(published).size).toBe(published.length);
  });

  it("points KAFKA_BROKERS at the kafka service's advertised client listener", () => {
    for (const name of ARGUS_SERVICES.filter((service) =>
      configOf(service).apps.some((app) => app !== 'api'),
    )) {
      const config = configOf(name);
      for (const broker of config.kafka.brokers) {
        const [host, port] = broker.split(':');
        const kafka = services[host];
        expect({ broker, service: kafka === undefined ? 'missing' : host }).toEqual({
          broker,
          service: host,
        });
        const environment = environmentOf(kafka.environment);
        const advertised = listeners(environment.KAFKA_ADVERTISED_LISTENERS);
        const listener = advertised.find(
          (candidate) => candidate.host === host && candidate.port === Number(port),
        );
        expect({ broker, advertised: listener === undefined ? advertised : 'found' }).toEqual({
          broker,
          advertised: 'found',
        });
        const controllers = (environment.KAFKA_CONTROLLER_LISTENER_NAMES ?? '').split(',');
        expect(controllers).not.toContain(listener!.name);
        // The broker binds that listener on the same port (its host may be empty: all interfaces).
        expect(listeners(environment.KAFKA_LISTENERS)).toContainEqual(
          expect.objectContaining({ name: listener!.name, port: Number(port) }),
        );
        const protocols = Object.fromEntries(
          (environment.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((pair) => pair.split(':')),
        ) as Record<string, string | undefined>;
        const protocol = protocols[listener!.name] ?? listener!.name;
        expect({
          broker,
          protocol,
          ssl: config.kafka.ssl !== undefined,
          sasl: config.kafka.sasl !== undefined,
        }).toEqual({
          broker,
          protocol,
          ssl: protocol === 'SSL' || protocol === 'SASL_SSL',
          sasl: protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL',
        });
        // The broker never auto-creates topics here, so Argus must create its own, within the broker count.
        if (environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE === 'false')
          expect(config.kafka.createTopics).toBe(true);
        expect(config.kafka.replicationFactor).toBe(1);
      }
    }
  });

  it('points CLICKHOUSE_URL at the clickhouse service, with its user, password and database', () => {
    for (const name of ARGUS_SERVICES) {
      const config = configOf(name);
      expect({
        service: name,
        url: config.clickhouse.url === undefined ? 'unset (embedded)' : 'set',
      }).toEqual({
        service: name,
        url: 'set',
      });
      const url = new URL(config.clickhouse.url!);
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const clickhouse = services[url.hostname];
      expect({ service: name, target: clickhouse === undefined ? 'missing' : url.hostname }).toEqual({
        service: name,
        target: url.hostname,
      });
      const healthcheck = [clickhouse.healthcheck?.test ?? []].flat().join(' ');
      expect(containerPorts(clickhouse).includes(port) || healthcheck.includes(`:${port}`)).toBe(true);
      const server = environmentOf(clickhouse.environment);
      expect({
        user: config.clickhouse.username,
        password: config.clickhouse.password,
        database: config.clickhouse.database,
      }).toEqual({
        user: server.CLICKHOUSE_USER ?? 'default',
        password: server.CLICKHOUSE_PASSWORD ?? '',
        database: server.CLICKHOUSE_DB ?? config.clickhouse.database,
      });
    }
  });

  it('health-checks every service or starts it only once what it depends on is healthy', () => {
    const build = buildOf(services.api)!;
    const imageHealthcheck = finalStage(join(ROOT, build.context, build.dockerfile)).some(
      (instruction) => instruction.keyword === 'HEALTHCHECK',
    );
    for (const [name, service] of Object.entries(services)) {
      const conditions = Object.values(dependencies(service));
      const healthChecked =
        hasComposeHealthcheck(service) || (buildOf(service) !== undefined && imageHealthcheck);
      const waits = conditions.length > 0 && conditions.every((condition) => condition !== undefined);
      expect({ service: name, ready: healthChecked || waits }).toEqual({ service: name, ready: true });
    }
    for (const name of ARGUS_SERVICES) {
      const config = configOf(name);
      const needed = [new URL(config.clickhouse.url!).hostname];
      if (config.apps.some((app) => app !== 'api'))
        needed.push(...config.kafka.brokers.map((broker) => broker.split(':')[0]));
      const dependsOn = dependencies(services[name]);
      for (const dependency of new Set(needed)) {
        expect({ service: name, dependency, condition: dependsOn[dependency] }).toEqual({
          service: name,
          dependency,
          condition: 'service_healthy',
        });
        expect(hasComposeHealthcheck(services[dependency])).toBe(true);
      }
    }
  });
});

describe('deploy/docker/Dockerfile', () => {
  const build = buildOf(services.api)!;
  const dockerfile = join(ROOT, build.context, build.dockerfile);

  it('exists where every Argus service builds from', () => {
    expect(existsSync(dockerfile)).toBe(true);
    for (const name of ARGUS_SERVICES) expect(buildOf(services[name])).toEqual(build);
  });

  it('runs the file `npm run build` compiles from apps/argus/src/main.ts', () => {
    const stage = finalStage(dockerfile);
    const cmd = stage.filter((instruction) => instruction.keyword === 'CMD').at(-1);
    const command = JSON.parse(cmd?.argument ?? 'null') as string[] | null;
    expect(command?.[0]).toBe('node');
    const workdir = stage.filter((instruction) => instruction.keyword === 'WORKDIR').at(-1)?.argument ?? '/';
    const script = posix.relative(workdir, posix.resolve(workdir, command![1]));

    const buildConfig = readJson('tsconfig.build.json');
    const baseConfig = readJson(buildConfig.extends ?? 'tsconfig.json');
    const outDir = buildConfig.compilerOptions?.outDir ?? baseConfig.compilerOptions?.outDir ?? '.';
    const rootDir = buildConfig.compilerOptions?.rootDir ?? baseConfig.compilerOptions?.rootDir ?? '.';
    const source = 'apps/argus/src/main.ts';
    expect(existsSync(join(ROOT, source))).toBe(true);
    const compiled = posix
      .normalize(posix.join(outDir, posix.relative(rootDir, source)))
      .replace(/\.ts$/, '.js');
    expect(script).toBe(compiled);
    expect(script).toBe('dist/apps/argus/src/main.js');
  });

  it('copies only files that exist in the build context, and ships the default detection policy', () => {
    const lines = readFileSync(dockerfile, 'utf8')
      .replace(/\\\r?\n/g, ' ')
      .split(/\r?\n/);
    const copies = lines
      .map((line) => line.trim())
      .filter((line) => /^COPY\s/i.test(line) && !/--from=/i.test(line));
    const sources = copies.flatMap((line) =>
      line
        .split(/\s+/)
        .slice(1, -1)
        .filter((word) => !word.startsWith('--')),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources)
      expect({ source, exists: existsSync(join(ROOT, build.context, source)) }).toEqual({
        source,
        exists: true,
      });
    const finalCopies = finalStage(dockerfile).filter((instruction) => instruction.keyword === 'COPY');
    expect(finalCopies.some((instruction) => instruction.argument.includes('deploy/policy'))).toBe(true);
    expect(existsSync(join(ROOT, 'deploy/policy/default-policy.yaml'))).toBe(true);
  });

  it('probes /healthz on API_PORT and exposes the port the compose services map', () => {
    const stage = finalStage(dockerfile);
    const healthcheck = stage.find((instruction) => instruction.keyword === 'HEALTHCHECK')?.argument ?? '';
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toContain('API_PORT');
    const exposed = stage
      .filter((instruction) => instruction.keyword === 'EXPOSE')
      .flatMap((instruction) => instruction.argument.split(/\s+/).map((port) => portNumber(port)));
    for (const name of ARGUS_SERVICES) expect(exposed).toContain(configOf(name).api.port);
  });
});
