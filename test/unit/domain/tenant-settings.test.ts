import { describe, expect, it } from 'vitest';
import { defaultTenantSettings, mergeTenantSettings } from '#shared/domain/tenant';

describe('tenant settings', () => {
  it('merges a section partially and keeps the rest', () => {
    const merged = mergeTenantSettings(defaultTenantSettings('CN'), { birthdayOffer: { kind: 'amount', value: 5000 } });

    expect(merged.success).toBe(true);
    expect(merged.data?.birthdayOffer).toMatchObject({ kind: 'amount', value: 5000, sendHour: 9, validDays: 30 });
    expect(merged.data?.tiers).toEqual(defaultTenantSettings('CN').tiers);
  });

  it('refuses a percent offer above 100 even when only the kind changes', () => {
    const amount = mergeTenantSettings(defaultTenantSettings('CN'), { birthdayOffer: { kind: 'amount', value: 5000 } }).data!;

    const merged = mergeTenantSettings(amount, { birthdayOffer: { kind: 'percent' } });

    expect(merged.success).toBe(false);
    expect(merged.error?.issues[0]?.path).toEqual(['birthdayOffer', 'value']);
  });

  it('requires churn to come after at-risk', () => {
    const merged = mergeTenantSettings(defaultTenantSettings('CN'), { stages: { atRiskAfterDays: 200 } });

    expect(merged.success).toBe(false);
  });
});
