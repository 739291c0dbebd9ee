import { z } from 'zod';

/** `detectors.cross_tenant_leak.options` in the policy. The values shown are the defaults. */
export const CrossTenantOptionsSchema = z
  .strictObject({
    /** Classification levels, least to most sensitive. */
    levels: z.array(z.string().min(1)).min(1).default(['public', 'internal', 'confidential', 'restricted']),
    /** Most sensitive level the app may put in front of the model; absent: no classification check. */
    max_classification: z.string().min(1).optional(),
    /** Documents without `tenant_id`: not reported (false) or reported as low (true). */
    report_missing_tenant: z.boolean().default(false),
    /** Tenants whose documents every app may use (a shared public knowledge base). */
    shared_tenants: z.array(z.string().min(1)).default([]),
  })
  .refine(
    (options) =>
      options.max_classification === undefined || options.levels.includes(options.max_classification),
    { message: 'max_classification must be one of levels', path: ['max_classification'] },
  );

export type CrossTenantOptions = z.output<typeof CrossTenantOptionsSchema>;

const cache = new WeakMap<object, CrossTenantOptions>();

export function crossTenantOptions(raw: Readonly<Record<string, unknown>>): CrossTenantOptions {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const parsed = CrossTenantOptionsSchema.parse(raw);
  cache.set(raw, parsed);
  return parsed;
}
