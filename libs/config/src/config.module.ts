import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type ArgusConfig } from './argus-config';

export const ARGUS_CONFIG = Symbol('ARGUS_CONFIG');

/** Provides the already-parsed configuration; parsing happens once in main, before Nest starts. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ArgusConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: ARGUS_CONFIG, useValue: config }],
      exports: [ARGUS_CONFIG],
    };
  }
}
