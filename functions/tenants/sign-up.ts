import { SignUpResultSchema, SignUpSchema } from '#shared/domain/tenant';
import { created } from '#shared/http/responses';
import { signUpTenant } from '#shared/services/tenant-signup';
import { openRoute } from '../http-route.ts';

export const handler = openRoute('sign-up', {
  body: SignUpSchema,
  response: { 201: SignUpResultSchema },
  handle: async ({ meta, body }) => created(await signUpTenant(meta, body)),
});
