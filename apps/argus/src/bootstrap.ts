import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ArgusConfig, ConfigError, loadConfig } from '@argus/config';
import { type DetectionPolicy } from '@argus/detectors';
import {
  HealthRegistry,
  NestLoggerAdapter,
  createLogger,
  createMetrics,
  errorFields,
} from '@argus/observability';
import { ArgusModule } from './argus.module';
import { detectionPolicyNeeded, loadCheckedDetectionPolicy } from './detection-policy';
import { mountGuardRequestMiddleware } from '../../api/src/guard/guard-request.middleware';
import { loadCheckedAlertPolicy } from '../../alerter/src/alert-policy.provider';

export type BootstrapOptions = {
  /** Defaults applied under the environment, e.g. `{ ARGUS_APPS: 'ingest,api' }` for apps/ingest. */
  defaults?: Record<string, string>;
  environment?: NodeJS.ProcessEnv;
};

export type RunningArgus = { app: INestApplicationContext; config: ArgusConfig; close: () => Promise<void> };

/**
 * Starts the apps the configuration asks for. A bad configuration is reported (every bad variable) and
 * exits with status 2 before anything connects; a dependency that is down at start-up exits with 1.
 */
export async function bootstrapArgus(options: BootstrapOptions = {}): Promise<RunningArgus> {
  const environment = { ...options.defaults, ...(options.environment ?? process.env) };
  let config: ArgusConfig;
  let detectionPolicy: DetectionPolicy | undefined;
  try {
    config = loadConfig(environment);
    if (detectionPolicyNeeded(config)) detectionPolicy = loadCheckedDetectionPolicy(config);
    // Checked here so a bad alert policy exits 2 like a bad variable; the alerter loads it again.
    if (config.apps.includes('alerter')) loadCheckedAlertPolicy(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`argus: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, name: `argus-${config.apps.join('+')}` });
  const runtime = { logger, metrics: createMetrics(), health: new HealthRegistry(), detectionPolicy };
  try {
    const module = ArgusModule.forRoot(config, runtime);
    const nestLogger = new NestLoggerAdapter(logger.child({ component: 'nest' }));
    let app: INestApplicationContext;
    if (config.apps.includes('api')) {
      const http = await NestFactory.create(module, { logger: nestLogger, abortOnError: false });
      http.enableShutdownHooks();
      // Before Nest's JSON parser, which `listen` adds: the guard authenticates, then reads its own body.
      if (config.api.guard.enabled) mountGuardRequestMiddleware(http, config, runtime.metrics);
      await http.listen(config.api.port, config.api.host);
      app = http;
    } else {
      app = await NestFactory.createApplicationContext(module, { logger: nestLogger, abortOnError: false });
      app.enableShutdownHooks();
    }
    logger.info(
      {
        apps: config.apps,
        api: config.apps.includes('api') ? `${config.api.host}:${config.api.port}` : undefined,
      },
      'argus started',
    );
    return { app, config, close: () => app.close() };
  } catch (error) {
    logger.fatal(errorFields(error), 'argus failed to start');
    logger.flush();
    throw error;
  }
}

/** Entry point shared by the apps' main.ts files. */
export function runArgus(options: BootstrapOptions = {}): void {
  bootstrapArgus(options).catch(() => {
    // Already logged; give the async logger a moment to drain, then fail the process.
    setTimeout(() => process.exit(1), 200);
  });
}
