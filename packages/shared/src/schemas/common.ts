import { z } from 'zod';
import { LIMITS } from '../limits';

/** Database ids are positive integers (bigint identity in PostgreSQL). */
export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IdParams = z.strictObject({ id: Id });

/** Local calendar date `YYYY-MM-DD`. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a real date');

/** Timestamps travel as ISO-8601 strings in UTC. */
export const Timestamp = z.string().datetime({ offset: true });

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const Name = z.string().trim().min(1).max(LIMITS.nameMaxLength);

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    retriable: z.boolean(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
