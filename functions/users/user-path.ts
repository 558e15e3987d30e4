import * as z from 'zod';
import { idSchema } from '#shared/domain/values';

export const UserPathSchema = z.object({ userId: idSchema('user') });
