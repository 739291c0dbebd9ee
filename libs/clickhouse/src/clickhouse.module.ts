import { ClickHouseClient } from '@clickhouse/client';
import {
  DynamicModule,
  Inject,
  InjectionToken,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationShutdown,
  OptionalFactoryDependency,
} from '@nestjs/common';
import { ClickHouseConnectionOptions, createClickHouseClient } from './clickhouse.factory';
import { applyMigrations } from './migrator';
import { RetentionPolicy } from './table-retention';

/** Injection token of the connected, migrated ClickHouseClient. */
export const CLICKHOUSE_CLIENT = Symbol('CLICKHOUSE_CLIENT');
export const CLICKHOUSE_MODULE_OPTIONS = Symbol('CLICKHOUSE_MODULE_OPTIONS');

export type ClickHouseModuleOptions = {
  connection: ClickHouseConnectionOptions;
  retention: RetentionPolicy;
  /** Apply pending migrations and retention at start-up. Default true. */
  migrate?: boolean;
};

export type ClickHouseModuleAsyncOptions = {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...dependencies: never[]) => ClickHouseModuleOptions | Promise<ClickHouseModuleOptions>;
  isGlobal?: boolean;
};

const logger = new Logger('ClickHouse');

async function connectAndMigrate(options: ClickHouseModuleOptions): Promise<ClickHouseClient> {
  const client = await createClickHouseClient(options.connection);
  if (options.migrate === false) {
    return client;
  }
  try {
    const result = await applyMigrations(client, {
      database: options.connection.database,
      retention: options.retention,
    });
    logger.log(
      `database ${options.connection.database}: migrations applied [${result.applied.join(', ')}], ` +
        `already applied [${result.skipped.join(', ')}], TTL changed on [${result.retentionUpdated.join(', ')}]`,
    );
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

/**
 * Provides the ClickHouse client under CLICKHOUSE_CLIENT: connected (server or embedded chdb), with
 * migrations and retention applied before any consumer starts.
 */
@Module({})
export class ClickHouseModule implements OnApplicationShutdown {
  constructor(@Inject(CLICKHOUSE_CLIENT) private readonly client: ClickHouseClient) {}

  static forRootAsync(options: ClickHouseModuleAsyncOptions): DynamicModule {
    return {
      module: ClickHouseModule,
      global: options.isGlobal ?? false,
      imports: options.imports ?? [],
      providers: [
        { provide: CLICKHOUSE_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: CLICKHOUSE_CLIENT, useFactory: connectAndMigrate, inject: [CLICKHOUSE_MODULE_OPTIONS] },
      ],
      exports: [CLICKHOUSE_CLIENT, CLICKHOUSE_MODULE_OPTIONS],
    };
  }

  // The last shutdown phase, after every module's onModuleDestroy and beforeApplicationShutdown: the
  // batching writers elsewhere flush in those, and need the client open to do it.
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
