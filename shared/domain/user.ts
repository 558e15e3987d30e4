import * as z from 'zod';
import { RoleSchema, type Role } from './access.ts';
import { EmailSchema, NameSchema, PasswordSchema } from './values.ts';

export const CreateUserSchema = z.strictObject({
  email: EmailSchema,
  name: NameSchema,
  role: RoleSchema,
  password: PasswordSchema,
});
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

export interface User {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A user as the API shows it: never the password hash. */
export const publicUser = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  disabled: user.disabled,
  version: user.version,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
});

export const LogInSchema = z.strictObject({
  tenantSlug: z.string().min(1).max(64),
  email: EmailSchema,
  password: z.string().min(1).max(200),
});
export type LogIn = z.infer<typeof LogInSchema>;
