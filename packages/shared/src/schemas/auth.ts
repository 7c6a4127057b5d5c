import { z } from 'zod';
import { LIMITS } from '../limits';
import { Timestamp } from './common';
import { Me } from './people';

export const LoginRequest = z.strictObject({
  login: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.loginMaxLength)
    .describe('Login name, phone or e-mail'),
  password: z.string().min(1).max(LIMITS.passwordMaxLength),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The login response is `Me`: the person, their roles and the CSRF token. */
export const LoginResponse = Me;
export type LoginResponse = z.infer<typeof LoginResponse>;

export const TokenResponse = z.object({
  token: z.string().describe('Send as `Authorization: Bearer <token>`; no CSRF token needed'),
  expiresAt: Timestamp,
});

export const SessionInfo = z.object({
  id: z.string(),
  kind: z.enum(['cookie', 'bearer']),
  current: z.boolean(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMaxLength),
  newPassword: z.string().max(LIMITS.passwordMaxLength),
});
