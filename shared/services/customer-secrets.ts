import { maskField } from '#shared/domain/masking';
import type { SensitiveValues } from '#shared/domain/customer-file';
import { blindBirthday, blindValue, type BlindIndexKind } from '#shared/crypto/blind-index';
import { openFields, sealFields } from '#shared/crypto/field-encryption';
import { unwrapDataKey, unwrapIndexKey } from '#shared/crypto/tenant-keyring';
import type { CustomerLookups } from '#shared/data/customer-repository';
import { getTenantKeyring } from '#shared/data/tenant-repository';
import type { TenantScope } from '#shared/data/tenant-scope';

/**
 * The customer file's use of the crypto layer: seal and mask sensitive values, open them for a
 * permitted reveal, and compute the blind indexes that guard and find unique values. The data
 * layer supplies the tenant's wrapped keys; the keyring cache keeps KMS calls rare.
 */
const loaderFor = (scope: TenantScope) => () => getTenantKeyring(scope);

export const sealCustomerValues = async (scope: TenantScope, customerId: string, values: SensitiveValues) => {
  if (Object.keys(values).length === 0) return { sealed: {}, masked: {} };
  const dataKey = await unwrapDataKey(scope.tenantId, loaderFor(scope));
  return {
    sealed: sealFields(dataKey, { tenantId: scope.tenantId, customerId }, values),
    masked: Object.fromEntries(Object.entries(values).map(([path, value]) => [path, maskField(path, value)])),
  };
};

export const openCustomerValues = async (scope: TenantScope, customerId: string, sealed: Record<string, string>): Promise<SensitiveValues> => {
  if (Object.keys(sealed).length === 0) return {};
  const dataKey = await unwrapDataKey(scope.tenantId, loaderFor(scope));
  return openFields(dataKey, { tenantId: scope.tenantId, customerId }, sealed);
};

export const blindIndexOf = async (scope: TenantScope, kind: BlindIndexKind, value: string): Promise<string> =>
  blindValue(await unwrapIndexKey(scope.tenantId, loaderFor(scope)), kind, value);

/** The blind indexes of a customer's phone, email, birthday month-day and external ids. */
export const lookupsOf = async (
  scope: TenantScope,
  sensitive: SensitiveValues,
  externalIds: Record<string, string> | undefined,
): Promise<CustomerLookups> => {
  const entries = Object.entries(externalIds ?? {});
  const contacts = Object.entries(sensitive).flatMap(([path, value]) => {
    const kind = /^contacts\.\d+\.(phone|email)$/.exec(path)?.[1] as 'phone' | 'email' | undefined;
    return kind && value ? [{ path, kind, value }] : [];
  });
  if (!sensitive.phone && !sensitive.email && !sensitive.birthday && entries.length === 0 && contacts.length === 0) return {};
  const indexKey = await unwrapIndexKey(scope.tenantId, loaderFor(scope));
  return {
    // Keyed as the customer's own phone and email are, so one `?phone=` finds both.
    ...(contacts.length > 0 ? { contacts: Object.fromEntries(contacts.map(({ path, kind, value }) => [path, blindValue(indexKey, kind, value)])) } : {}),
    ...(sensitive.phone ? { phone: blindValue(indexKey, 'phone', sensitive.phone) } : {}),
    ...(sensitive.email ? { email: blindValue(indexKey, 'email', sensitive.email) } : {}),
    ...(sensitive.birthday ? { birthdayMd: blindBirthday(indexKey, sensitive.birthday) } : {}),
    ...(entries.length > 0
      ? { externalIds: Object.fromEntries(entries.map(([system, id]) => [system, blindValue(indexKey, `externalId:${system}`, id)])) }
      : {}),
  };
};
