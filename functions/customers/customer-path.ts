import * as z from 'zod';
import type { Principal } from '#shared/domain/access';
import { customerInputSchema, customerPatchSchema } from '#shared/domain/customer';
import { idSchema } from '#shared/domain/values';
import { scopeOf } from '#shared/data/tenant-scope';
import { tenantOf } from '#shared/services/tenant-context';

export const CustomerPathSchema = z.object({ customerId: idSchema('customer') });

const cached = <T>(build: (region: string) => T) => {
  const byRegion = new Map<string, T>();
  return (region: string): T => {
    let schema = byRegion.get(region);
    if (!schema) byRegion.set(region, (schema = build(region)));
    return schema;
  };
};

const inputFor = cached(customerInputSchema);
const patchFor = cached(customerPatchSchema);

/** The documented schemas (default region CN) and the ones a tenant's requests are checked with. */
export const CustomerInputDoc = inputFor('CN');
export const CustomerPatchDoc = patchFor('CN');
export const customerInputFor = async (principal: Principal) => inputFor((await tenantOf(scopeOf(principal))).settings.defaultCountry);
export const customerPatchFor = async (principal: Principal) => patchFor((await tenantOf(scopeOf(principal))).settings.defaultCountry);
