import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { usageKeyOf } from '#shared/crypto/usage-keys';
import { documentClient, tableName } from '#shared/data/client';
import { keys } from '#shared/data/keys';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { signUpTenant } from '#shared/services/tenant-signup';
import { listAudit } from '#shared/data/audit-repository';
import { changeTenantPlan, enrolTenantsWithoutUsageKey } from '#shared/services/tenant-usage';
import { localUsagePlans } from '#shared/usage-plans/usage-plan-providers';
import { useFreshTable } from '#test/fixtures/fresh-table';
import { uniqueSlug } from '#test/fixtures/tenants';

beforeAll(async () => {
  await useFreshTable();
});

const meta = () => ({ requestId: 'req-1', now: new Date(), sourceIp: '203.0.113.9', userAgent: undefined });

const signUp = async () => {
  const slug = uniqueSlug('usage');
  const { tenant } = await signUpTenant(meta(), { name: slug, slug, ownerEmail: `owner@${slug}.example.com`, ownerPassword: 'correct-horse-battery', timezone: 'Asia/Shanghai', currency: 'CNY', locale: 'zh-CN', country: 'CN' });
  return tenant.id;
};

const tenantItem = async (tenantId: string) =>
  (await documentClient(undefined).send(new GetCommand({ TableName: tableName(), Key: keys.tenant(scopeOfTenant(tenantId)), ConsistentRead: true }))).Item!;

/** A tenant as it was before per-tenant throttling: no usage key, in no usage plan. */
const forgetUsageKey = async (tenantId: string) => {
  const { usageKeyId } = await tenantItem(tenantId);
  await localUsagePlans()!.removeTenant(String(usageKeyId));
  await documentClient(undefined).send(new UpdateCommand({ TableName: tableName(), Key: keys.tenant(scopeOfTenant(tenantId)), UpdateExpression: 'REMOVE usageKeyId' }));
};

describe("tenants' usage keys", () => {
  it("puts a new tenant's usage key in its plan's usage plan at sign-up and keeps the key's id, never its value", async () => {
    const tenantId = await signUp();

    const item = await tenantItem(tenantId);

    expect(await localUsagePlans()!.planOf(await usageKeyOf(tenantId))).toBe('free');
    expect(item.usageKeyId).toEqual(expect.any(String));
    expect(JSON.stringify(item)).not.toContain(await usageKeyOf(tenantId));
  });

  it('gives every tenant from before per-tenant throttling a usage key, once', async () => {
    const [old, recent] = [await signUp(), await signUp()];
    await forgetUsageKey(old);
    const recentKeyId = (await tenantItem(recent)).usageKeyId;

    const first = await enrolTenantsWithoutUsageKey();
    const again = await enrolTenantsWithoutUsageKey();

    expect(first.enrolled).toBeGreaterThanOrEqual(1);
    expect(again.enrolled).toBe(0);
    expect((await tenantItem(old)).usageKeyId).toEqual(expect.any(String));
    expect(await localUsagePlans()!.planOf(await usageKeyOf(old))).toBe('free');
    expect((await tenantItem(recent)).usageKeyId).toBe(recentKeyId);
  });

  it("moves a tenant to another plan: its usage key, its item and an audit entry; the same plan again changes nothing", async () => {
    const tenantId = await signUp();
    const before = await tenantItem(tenantId);

    const moved = await changeTenantPlan(tenantId, 'team', meta());
    const again = await changeTenantPlan(tenantId, 'team', meta());
    const after = await tenantItem(tenantId);
    const audit = await listAudit(scopeOfTenant(tenantId), { action: 'tenant.updated' }, { limit: 10 });

    expect(moved).toEqual({ from: 'free', to: 'team' });
    expect(again).toEqual({ from: 'team', to: 'team' });
    expect(await localUsagePlans()!.planOf(await usageKeyOf(tenantId))).toBe('team');
    expect(after).toMatchObject({ plan: 'team', version: Number(before.version) + 1, usageKeyId: before.usageKeyId });
    expect(audit.items.map((entry) => entry.details)).toEqual([{ sections: ['plan'], from: 'free', to: 'team' }]);
  });

  it('refuses a plan change for a tenant that does not exist, and leaves every usage plan as it was', async () => {
    const tenantId = await signUp();
    await expect(changeTenantPlan('ten_01JD3K0000AAAABBBBCCCCDDDD', 'business', meta())).rejects.toMatchObject({ code: 'not-found' });

    expect(await localUsagePlans()!.planOf(await usageKeyOf(tenantId))).toBe('free');
  });
});
