import * as z from 'zod';
import { RoleSchema } from './access.ts';
import { EmailSchema, IsoDateTimeSchema, NameSchema, PasswordSchema, idSchemaFor } from './values.ts';

export const CreateUserSchema = z.strictObject({
  email: EmailSchema,
  name: NameSchema,
  role: RoleSchema,
  password: PasswordSchema,
}).meta({ examples: [{ email: 'li.na@lotus.example', name: '李娜', role: 'agent', password: 'agent-password-1' }] });
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .strictObject({
    role: RoleSchema.optional(),
    name: NameSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'Name at least one of role, name, disabled',
    when: (payload) => payload.issues.length === 0,
  });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/** A staff user as the API shows it: never the password hash. */
export const UserSchema = z
  .object({
    id: idSchemaFor('user'),
    email: z.email(),
    name: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
    version: z.number().int().min(1),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
  })
  .meta({
    id: 'User',
    description: 'A staff user of the tenant.',
    examples: [
      { id: 'usr_01JD3K0000AAAABBBBCCCCDDDD', email: 'li.na@lotus.example', name: '李娜', role: 'agent', disabled: false, version: 1, createdAt: '2026-11-19T08:00:00.000Z', updatedAt: '2026-11-19T08:00:00.000Z' },
    ],
  });
export type PublicUser = z.output<typeof UserSchema>;
export type User = PublicUser & { tenantId: string };

export const publicUser = (user: User): PublicUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  disabled: user.disabled,
  version: user.version,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
});

/** What signing in answers: a session token and who it is for. */
export const SessionSchema = z
  .object({
    token: z.string().describe('A session token (JWT): send it as Authorization: Bearer <token>'),
    expiresIn: z.number().int().positive().describe('Seconds until the token expires'),
    user: UserSchema.pick({ id: true, email: true, role: true, name: true }),
  })
  .meta({
    id: 'Session',
    examples: [{ token: 'eyJhbGciOiJIUzI1NiJ9…', expiresIn: 3600, user: { id: 'usr_01JD3K0000AAAABBBBCCCCDDDD', email: 'li.na@lotus.example', role: 'agent', name: '李娜' } }],
  });
export type Session = z.output<typeof SessionSchema>;

export const LogInSchema = z.strictObject({
  tenantSlug: z.string().min(1).max(64),
  email: EmailSchema,
  password: z.string().min(1).max(200),
}).meta({ examples: [{ tenantSlug: 'lotus-tea', email: 'li.na@lotus.example', password: 'agent-password-1' }] });
export type LogIn = z.infer<typeof LogInSchema>;
