import { Module } from '@nestjs/common';
import { alertPolicyProvider } from './alert-policy.provider';
import { alertSinksProvider } from './alert-sinks.provider';
import { AlerterConsumer } from './alerter.consumer';

@Module({ providers: [alertSinksProvider, alertPolicyProvider, AlerterConsumer] })
export class AlerterModule {}
