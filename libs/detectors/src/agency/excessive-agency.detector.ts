import { type TelemetryEvent } from '@argus/contracts';
import picomatch from 'picomatch';
import { type Detector, type DetectorContext, type DetectorHit } from '../detector';
import {
  type ArgumentLimit,
  type ExcessiveAgencyOptions,
  ExcessiveAgencyOptionsSchema,
} from './excessive-agency.options';

export const EXCESSIVE_AGENCY_DETECTOR_ID = 'excessive_agency';

/** Longest string value a limit's pattern is tested on (the pattern is operator-written). */
const MAX_PATTERN_INPUT = 1024;
/** Per-call findings per event: a response of thousands of calls is one incident (`too_many_calls`). */
const MAX_CALL_HITS = 50;
/** Tool names are quoted in evidence and messages up to this length. */
const MAX_NAME_CHARACTERS = 80;

/** A tool name as quoted in findings: bounded, so a hostile name cannot bloat a finding. */
function quoted(name: string): string {
  return name.length <= MAX_NAME_CHARACTERS ? name : `${name.slice(0, MAX_NAME_CHARACTERS)}…`;
}

type Matcher = (name: string) => boolean;

/** The options of one policy level, with their patterns compiled once. */
type CompiledOptions = {
  readonly options: ExcessiveAgencyOptions;
  readonly allowed?: Matcher;
  readonly denied?: Matcher;
  readonly sensitive?: Matcher;
  readonly limits: ReadonlyArray<{
    readonly limit: ArgumentLimit;
    readonly tool: Matcher;
    readonly path: readonly string[];
    readonly pattern?: RegExp;
  }>;
};

const compiledCache = new WeakMap<object, CompiledOptions>();

function anyOf(patterns: readonly string[]): Matcher | undefined {
  return patterns.length === 0 ? undefined : picomatch([...patterns], { dot: true });
}

function compile(raw: Readonly<Record<string, unknown>>): CompiledOptions {
  const cached = compiledCache.get(raw);
  if (cached !== undefined) return cached;
  const options = ExcessiveAgencyOptionsSchema.parse(raw);
  const allowed = options.allowed_tools === undefined ? undefined : anyOf(options.allowed_tools);
  const compiled: CompiledOptions = {
    options,
    // An empty allowlist allows nothing.
    allowed: options.allowed_tools === undefined ? undefined : (allowed ?? (() => false)),
    denied: anyOf(options.denied_tools),
    sensitive: anyOf(options.sensitive_tools),
    limits: options.argument_limits.map((limit) => ({
      limit,
      tool: picomatch(limit.tool, { dot: true }),
      path: limit.argument.split('.'),
      ...(limit.pattern !== undefined ? { pattern: new RegExp(`^(?:${limit.pattern})$`, 'u') } : {}),
    })),
  };
  compiledCache.set(raw, compiled);
  return compiled;
}

/** One tool call of the model's response, where it sits in `output_messages`. */
type ToolCall = {
  readonly name: string;
  readonly id?: string;
  readonly arguments: unknown;
  readonly message: number;
  readonly part: number;
};

function toolCallsOf(event: TelemetryEvent): ToolCall[] {
  const calls: ToolCall[] = [];
  (event.output_messages ?? []).forEach((message, messageIndex) =>
    message.parts.forEach((part, partIndex) => {
      if (part.type !== 'tool_call') return;
      const call = part as { name: string; id?: string; arguments?: unknown };
      calls.push({
        name: call.name,
        ...(call.id !== undefined ? { id: call.id } : {}),
        arguments: call.arguments,
        message: messageIndex,
        part: partIndex,
      });
    }),
  );
  return calls;
}

/**
 * Names of the tools the event offered the model. `gen_ai.tool.definitions` entries carry `name`;
 * OpenAI-style entries nest it in `function.name`. Undefined when the event lists no definitions.
 */
function declaredTools(event: TelemetryEvent): ReadonlySet<string> | undefined {
  const definitions = event.tool_definitions;
  if (definitions === undefined || definitions.length === 0) return undefined;
  const names = new Set<string>();
  for (const definition of definitions) {
    const nested = definition.function;
    const name =
      typeof definition.name === 'string'
        ? definition.name
        : typeof nested === 'object' &&
            nested !== null &&
            typeof (nested as { name?: unknown }).name === 'string'
          ? (nested as { name: string }).name
          : undefined;
    if (name !== undefined) names.add(name);
  }
  return names;
}

/** Untrusted content in the model's context: retrieved documents or tool results. */
function untrustedContext(event: TelemetryEvent): string | undefined {
  if ((event.retrieval ?? []).length > 0) return 'retrieved documents';
  for (const message of event.input_messages ?? [])
    if (message.parts.some((part) => part.type === 'tool_call_response')) return 'tool results';
  return undefined;
}

/** The call's arguments as an object: given as one, or as a JSON string (OpenAI sends strings). */
function argumentsObject(raw: unknown): Record<string, unknown> | undefined {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function valueAt(object: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = object;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

/** Why a value breaks a limit, or undefined. Never quotes a string value (it may be personal data). */
function violation(value: unknown, limit: ArgumentLimit, pattern: RegExp | undefined): string | undefined {
  const number = asNumber(value);
  if (limit.max !== undefined && (number === undefined || number > limit.max))
    return number === undefined
      ? `is not a number (limit ≤ ${limit.max})`
      : `= ${number}, above the limit ${limit.max}`;
  if (limit.min !== undefined && (number === undefined || number < limit.min))
    return number === undefined
      ? `is not a number (limit ≥ ${limit.min})`
      : `= ${number}, below the limit ${limit.min}`;
  if (limit.allowed !== undefined && !limit.allowed.some((allowed) => allowed === value))
    return 'is not one of the allowed values';
  if (
    pattern !== undefined &&
    (typeof value !== 'string' || !pattern.test(value.slice(0, MAX_PATTERN_INPUT)))
  )
    return 'does not match the allowed pattern';
  return undefined;
}

/**
 * Tool calls an agent is not allowed to make (OWASP LLM06, ATLAS AML.T0053): a tool outside the app's
 * allowlist or on its denylist, a tool the event never offered the model, an argument outside its
 * limits (an amount above what the agent may move, an account outside the customer's), more calls in
 * one response than a sane loop makes, and a sensitive tool called with untrusted content in context.
 * Tool names, argument paths and numbers are metadata; string argument values are never quoted.
 */
export function createExcessiveAgencyDetector(): Detector {
  return {
    id: EXCESSIVE_AGENCY_DETECTOR_ID,
    version: '1.0.0',
    description: 'Tool calls outside the app policy: not allowed, undeclared, arguments out of limits.',
    detectEvent(event: TelemetryEvent, context: DetectorContext): DetectorHit[] {
      const calls = toolCallsOf(event);
      if (calls.length === 0) return [];
      const compiled = compile(context.settings.options);
      const { options } = compiled;
      const declared = options.report_undeclared_tools ? declaredTools(event) : undefined;
      const untrusted = compiled.sensitive === undefined ? undefined : untrustedContext(event);
      const hits: DetectorHit[] = [];
      for (const call of calls) {
        if (hits.length >= MAX_CALL_HITS) break;
        const name = quoted(call.name);
        const location = { field: 'tool_call' as const, message: call.message, part: call.part };
        const hit = (
          rule: string,
          severity: DetectorHit['severity'],
          score: number,
          evidence: string,
          message: string,
        ) =>
          hits.push({
            rule_id: `${EXCESSIVE_AGENCY_DETECTOR_ID}.${rule}`,
            category: 'excessive_agency',
            severity,
            score,
            confidence: 1,
            location,
            evidence,
            message,
            attributes: { tool: name, ...(call.id !== undefined ? { tool_call_id: call.id } : {}) },
          });
        if (compiled.denied?.(call.name) === true) {
          hit(
            'denied_tool',
            'high',
            0.9,
            `tool ${name}`,
            `The model called "${name}", a tool this app's policy denies.`,
          );
        } else if (compiled.allowed !== undefined && !compiled.allowed(call.name)) {
          hit(
            'tool_not_allowed',
            'high',
            0.85,
            `tool ${name}`,
            `The model called "${name}", which is not among the tools this app's agents may use.`,
          );
        }
        if (declared !== undefined && !declared.has(call.name)) {
          hit(
            'undeclared_tool',
            'medium',
            0.7,
            `tool ${name} not in tool_definitions`,
            `The model called "${name}", a tool it was not offered in this request ` +
              `(offered: ${[...declared].slice(0, 10).map(quoted).join(', ') || 'none'}): a hallucinated or injected tool name.`,
          );
        }
        // One finding per call (finding ids are per rule and location), naming every broken limit.
        const args = compiled.limits.length > 0 ? argumentsObject(call.arguments) : undefined;
        const broken: string[] = [];
        for (const { limit, tool, path, pattern } of compiled.limits) {
          if (args === undefined || !tool(call.name)) continue;
          const value = valueAt(args, path);
          if (value === undefined) continue;
          const why = violation(value, limit, pattern);
          if (why !== undefined) broken.push(`${limit.argument} ${why}`);
        }
        if (broken.length > 0) {
          hit(
            'argument_limit',
            'high',
            0.8,
            `${name}: ${broken.join('; ')}`,
            `The model called "${name}" with ${broken.join('; ')}: outside this app's limits.`,
          );
        }
        if (untrusted !== undefined && compiled.sensitive?.(call.name) === true) {
          hit(
            'sensitive_tool_with_untrusted_context',
            'low',
            0.4,
            `tool ${name} after ${untrusted}`,
            `The model called "${name}", a sensitive tool, with ${untrusted} in its context: check ` +
              'that the request came from the user, not from instructions planted in that content.',
          );
        }
      }
      if (calls.length > options.max_tool_calls) {
        hits.push({
          rule_id: `${EXCESSIVE_AGENCY_DETECTOR_ID}.too_many_calls`,
          category: 'excessive_agency',
          severity: 'medium',
          score: 0.6,
          confidence: 1,
          location: { field: 'event' },
          evidence: `${calls.length} tool calls in one response (limit ${options.max_tool_calls})`,
          message: `The model made ${calls.length} tool calls in one response, more than the ${options.max_tool_calls} this app allows: a runaway or hijacked agent loop.`,
          attributes: { tool_calls: calls.length },
        });
      }
      return hits;
    },
  };
}
