import { type Provider } from '@nestjs/common';
import { type AlertPolicy, type AlertSink, AlertPolicyError, loadAlertPolicy } from '@argus/alerting';
import { ARGUS_CONFIG, type ArgusConfig, ConfigError } from '@argus/config';
import { ALERT_SINKS } from './alert-sinks.provider';

export const ALERT_POLICY = Symbol('ALERT_POLICY');

/**
 * Loads the alert policy (ALERT_POLICY_FILE, else the shipped default). Called by bootstrap before Nest
 * starts, so a bad file is a configuration error (exit 2) naming the variable, the file and each path.
 */
export function loadCheckedAlertPolicy(config: ArgusConfig): AlertPolicy {
  try {
    return loadAlertPolicy(config.alerting.policyFile);
  } catch (error) {
    if (error instanceof AlertPolicyError)
      throw new ConfigError([{ variable: 'ALERT_POLICY_FILE', message: error.message }]);
    throw error;
  }
}

/**
 * The policy, checked against the sinks this process has: a rule routing to a sink that is not
 * configured is most likely a typo, and would silently send nothing; it stops start-up instead.
 */
export const alertPolicyProvider: Provider = {
  provide: ALERT_POLICY,
  inject: [ARGUS_CONFIG, ALERT_SINKS],
  useFactory: (config: ArgusConfig, sinks: AlertSink[]): AlertPolicy => {
    const policy = loadCheckedAlertPolicy(config);
    const configured = new Set(sinks.map((sink) => sink.name));
    const unknown = policy.routedSinks().filter((route) => !configured.has(route.sink));
    if (unknown.length > 0) {
      const names = [...configured].join(', ') || 'none';
      throw new ConfigError(
        unknown.map((route) => ({
          variable: 'ALERT_POLICY_FILE',
          message: `${route.path}: rule "${route.rule}" routes to sink "${route.sink}", which is not configured (configured: ${names})`,
        })),
      );
    }
    return policy;
  },
};
