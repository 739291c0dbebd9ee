import picomatch from 'picomatch';
import { z } from 'zod';

/**
 * A tool-name pattern: a literal name or a glob (`transfer_*`, `crm.*`, `{place,cancel}_order`),
 * matched against the whole name, case-sensitively. `*` does not cross `/` (use `**` for namespaced
 * MCP-style names such as `bank/transfer`).
 */
const ToolPattern = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (pattern) => {
      try {
        picomatch(pattern);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid tool-name pattern' },
  );

/** A value constraint on one argument of matching tools. At least one of max, min, allowed, pattern. */
const ArgumentLimitSchema = z
  .strictObject({
    /** Tools the limit applies to (pattern, as in allowed_tools). */
    tool: ToolPattern,
    /** The argument, as a dotted path into the call's arguments object (`amount`, `order.quantity`). */
    argument: z.string().min(1).max(200),
    /** Largest allowed number (numbers given as numeric strings count as numbers). */
    max: z.number().finite().optional(),
    /** Smallest allowed number. */
    min: z.number().finite().optional(),
    /** The only values allowed (compared as given: strings, numbers, booleans). */
    allowed: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(1)
      .optional(),
    /**
     * A regular expression a string value must match as a whole (`^ACC-[0-9]{8}$`). Written by the
     * operator, checked at policy load; tested on at most the first 1,024 characters of the value.
     */
    pattern: z
      .string()
      .min(1)
      .max(500)
      .refine(
        (source) => {
          try {
            new RegExp(source, 'u');
            return true;
          } catch {
            return false;
          }
        },
        { message: 'not a valid regular expression' },
      )
      .optional(),
  })
  .refine(
    (limit) =>
      limit.max !== undefined ||
      limit.min !== undefined ||
      limit.allowed !== undefined ||
      limit.pattern !== undefined,
    { message: 'an argument limit needs at least one of max, min, allowed, pattern' },
  );

/** `detectors.excessive_agency.options` in the policy. The values shown are the defaults. */
export const ExcessiveAgencyOptionsSchema = z.strictObject({
  /** Tools the app's agents may call; absent: any tool (the other checks still apply). */
  allowed_tools: z.array(ToolPattern).max(1000).optional(),
  /** Tools no agent of the app may call, whatever allowed_tools says. */
  denied_tools: z.array(ToolPattern).max(1000).default([]),
  /**
   * Report a call to a tool the event's `tool_definitions` did not offer (a hallucinated or injected
   * tool name). Only checked when the event lists its tool definitions.
   */
  report_undeclared_tools: z.boolean().default(true),
  /** Most tool calls one model response may make before it is reported (a runaway agent loop). */
  max_tool_calls: z.number().int().min(1).max(10_000).default(20),
  /**
   * Tools that act on the world (move money, send messages, delete, execute). A call to one of them
   * in an event whose context carried untrusted content (retrieved documents or tool results) is
   * reported at low severity: the path an indirect prompt injection takes to act.
   */
  sensitive_tools: z.array(ToolPattern).max(1000).default([]),
  argument_limits: z.array(ArgumentLimitSchema).max(1000).default([]),
});

export type ExcessiveAgencyOptions = z.output<typeof ExcessiveAgencyOptionsSchema>;
export type ArgumentLimit = ExcessiveAgencyOptions['argument_limits'][number];
