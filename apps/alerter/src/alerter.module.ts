import { Module } from '@nestjs/common';
import { alertSinksProvider } from './alert-sinks.provider';
import { AlerterConsumer } from './alerter.consumer';

@Module({ providers: [alertSinksProvider, AlerterConsumer] })
export class AlerterModule {}
