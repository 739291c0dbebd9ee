import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Category, type Finding, type Severity, isAtLeast } from '@argus/contracts';
import { parseDocument } from 'yaml';
import {
  type AlertPolicyDocument,
  AlertPolicySchema,
  type GroupField,
  type MuteDocument,
  type Weekday,
} from './alert-policy.schema';

/** The shipped policy, relative to the repository (or image) root. */
export const DEFAULT_ALERT_POLICY_FILE = 'deploy/policy/alert-policy.yaml';

export type AlertPolicyIssue = { path: string; message: string };

/** A policy file that cannot be used; the message names the file and every bad path. */
export class AlertPolicyError extends Error {
  override readonly name = 'AlertPolicyError';
  readonly retryable = false;
  constructor(
    readonly code: 'policy_not_found' | 'policy_syntax' | 'policy_invalid',
    readonly file: string,
    readonly issues: readonly AlertPolicyIssue[],
  ) {
    super(
      `${file}: ${code === 'policy_not_found' ? 'alert policy file not found' : 'invalid alert policy'}` +
        issues.map((issue) => `\n    ${issue.path}: ${issue.message}`).join(''),
    );
  }
}

export type GroupingSettings = {
  groupBy: readonly GroupField[];
  windowMs: number;
  escalationFactor: number;
  maxEscalations: number;
  maxIds: number;
};

export type SinkSettings = {
  minSeverity: Severity;
  rateLimit: { perSecond: number; burst: number } | undefined;
  circuitBreaker: { failures: number; cooldownMs: number };
};

export type AlertRule = {
  name: string;
  action: 'alert' | 'drop';
  severity: Severity | undefined;
  /** `'*'`: every configured sink. */
  sinks: readonly string[] | '*';
  grouping: GroupingSettings;
  matches(finding: Finding): boolean;
};

export type MuteWindow = { name: string; isActive(finding: Finding, now: number): boolean };

export type AlertPolicy = {
  rules: readonly AlertRule[];
  mutes: readonly MuteWindow[];
  sinkSettings(sink: string): SinkSettings;
  /** Sink names the rules route to explicitly (to check against the configured sinks at start-up). */
  routedSinks(): { rule: string; sink: string; path: string }[];
};

const DEFAULT_BREAKER = { failures: 5, cooldownMs: 30_000 };

/** Finds the shipped policy from this file's directory upwards (sources, dist/ and images alike). */
export function defaultAlertPolicyPath(startDirectory: string = __dirname): string {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, DEFAULT_ALERT_POLICY_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return resolve(DEFAULT_ALERT_POLICY_FILE);
    directory = parent;
  }
}

export function loadAlertPolicy(path?: string): AlertPolicy {
  const file = path ?? defaultAlertPolicyPath();
  if (!existsSync(file)) throw new AlertPolicyError('policy_not_found', file, []);
  return parseAlertPolicy(readFileSync(file, 'utf8'), file);
}

export function parseAlertPolicy(text: string, file = '<inline>'): AlertPolicy {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new AlertPolicyError(
      'policy_syntax',
      file,
      document.errors.map((error) => ({ path: '(file)', message: error.message.split('\n')[0] })),
    );
  }
  const result = AlertPolicySchema.safeParse(document.toJS() ?? {});
  if (!result.success) {
    throw new AlertPolicyError(
      'policy_invalid',
      file,
      result.error.issues.map((issue) => ({
        path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
        message: issue.message,
      })),
    );
  }
  return compileAlertPolicy(result.data);
}

export function compileAlertPolicy(document: AlertPolicyDocument): AlertPolicy {
  const defaults = document.grouping;
  const rules = document.rules.map((rule): AlertRule => {
    const grouping = rule.grouping ?? {};
    return {
      name: rule.name,
      action: rule.action,
      severity: rule.severity,
      sinks: rule.sinks.includes('*') ? '*' : rule.sinks,
      grouping: {
        groupBy: grouping.group_by ?? defaults.group_by,
        windowMs: grouping.window ?? defaults.window,
        escalationFactor: grouping.escalation_factor ?? defaults.escalation_factor,
        maxEscalations: grouping.max_escalations ?? defaults.max_escalations,
        maxIds: defaults.max_ids,
      },
      matches: compileMatch(rule.match),
    };
  });
  const sinkCache = new Map<string, SinkSettings>();
  const wildcard = document.sinks['*'] ?? {};
  return {
    rules,
    mutes: document.mute.map(compileMute),
    sinkSettings(sink) {
      let settings = sinkCache.get(sink);
      if (settings === undefined) {
        const own = document.sinks[sink] ?? {};
        const rateLimit = own.rate_limit ?? wildcard.rate_limit;
        const breaker = own.circuit_breaker ?? wildcard.circuit_breaker;
        settings = {
          minSeverity: own.min_severity ?? wildcard.min_severity ?? 'info',
          rateLimit: rateLimit && { perSecond: rateLimit.per_second, burst: rateLimit.burst },
          circuitBreaker: breaker
            ? { failures: breaker.failures, cooldownMs: breaker.cooldown }
            : DEFAULT_BREAKER,
        };
        sinkCache.set(sink, settings);
      }
      return settings;
    },
    routedSinks: () =>
      document.rules.flatMap((rule, index) =>
        rule.sinks
          .map((sink, position) => ({ rule: rule.name, sink, path: `rules.${index}.sinks.${position}` }))
          .filter((entry) => entry.sink !== '*'),
      ),
  };
}

/** `*` and `?` globs, anchored; one regular expression per list. */
export function globsToRegExp(patterns: readonly string[]): RegExp {
  const alternatives = patterns.map((pattern) =>
    pattern
      .split('')
      .map((character) => {
        if (character === '*') return '.*';
        if (character === '?') return '.';
        return character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      })
      .join(''),
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

function compileMatch(match: AlertPolicyDocument['rules'][number]['match']): (finding: Finding) => boolean {
  const tests: ((finding: Finding) => boolean)[] = [];
  if (match.categories) {
    const categories = new Set<Category>(match.categories);
    tests.push((finding) => categories.has(finding.category));
  }
  if (match.min_severity) {
    const minimum = match.min_severity;
    tests.push((finding) => isAtLeast(finding.severity, minimum));
  }
  if (match.min_score !== undefined) {
    const minimum = match.min_score;
    tests.push((finding) => finding.score >= minimum);
  }
  const glob = (patterns: string[] | undefined, value: (finding: Finding) => string | undefined) => {
    if (!patterns) return;
    const expression = globsToRegExp(patterns);
    tests.push((finding) => {
      const actual = value(finding);
      return actual !== undefined && expression.test(actual);
    });
  };
  glob(match.tenants, (finding) => finding.tenant_id);
  glob(match.apps, (finding) => finding.app_id);
  glob(match.entities, (finding) => finding.entity);
  glob(match.detectors, (finding) => finding.detector);
  glob(match.rule_ids, (finding) => finding.rule_id);
  glob(match.models, findingModel);
  return (finding) => tests.every((test) => test(finding));
}

/** Findings carry the model only in their attributes, when the detector put it there. */
function findingModel(finding: Finding): string | undefined {
  const attributes = finding.attributes;
  const model = attributes?.model ?? attributes?.request_model ?? attributes?.response_model;
  return model === undefined ? undefined : String(model);
}

const WEEKDAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function compileMute(mute: MuteDocument): MuteWindow {
  const tenants = globsToRegExp(mute.tenants);
  const apps = globsToRegExp(mute.apps);
  const categories = mute.categories && new Set<Category>(mute.categories);
  const applies = (finding: Finding) =>
    tenants.test(finding.tenant_id) &&
    apps.test(finding.app_id) &&
    (categories === undefined || categories.has(finding.category));
  if (mute.recurring === undefined) {
    const from = Date.parse(mute.from!);
    const until = Date.parse(mute.until!);
    return { name: mute.name, isActive: (finding, now) => now >= from && now < until && applies(finding) };
  }
  const { days, start, end, timezone } = mute.recurring;
  const daySet = new Set(days.map((day) => WEEKDAY_INDEX[day]));
  const startMinute = minutesOf(start);
  const endMinute = minutesOf(end);
  const localTime = localTimeIn(timezone);
  return {
    name: mute.name,
    isActive: (finding, now) => {
      if (!applies(finding)) return false;
      const { weekday, minute } = localTime(now);
      if (startMinute < endMinute) return daySet.has(weekday) && minute >= startMinute && minute < endMinute;
      // Across midnight: the evening part belongs to the listed day, the morning part to the day after.
      return (
        (daySet.has(weekday) && minute >= startMinute) ||
        (daySet.has((weekday + 6) % 7) && minute < endMinute)
      );
    },
  };
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

function localTimeIn(timezone: string): (now: number) => { weekday: number; minute: number } {
  if (timezone === 'UTC') {
    return (now) => {
      const date = new Date(now);
      return { weekday: date.getUTCDay(), minute: date.getUTCHours() * 60 + date.getUTCMinutes() };
    };
  }
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const names: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  return (now) => {
    const parts = Object.fromEntries(format.formatToParts(now).map((part) => [part.type, part.value]));
    return { weekday: names[parts.weekday] ?? 0, minute: Number(parts.hour) * 60 + Number(parts.minute) };
  };
}
