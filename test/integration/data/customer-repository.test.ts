import { beforeAll, describe, expect, it } from 'vitest';
import { emptyStats } from '#shared/domain/customer';
import { addPurchase, emptyTallies, settle } from '#shared/domain/customer-figures';
import type { CustomerFile } from '#shared/domain/customer-file';
import { defaultTenantSettings } from '#shared/domain/tenant';
import { findCustomerIdByUnique, getCustomer } from '#shared/data/customer-repository';
import { dropNeverBoughtSpendEntries, listCustomerFigures, listCustomers } from '#shared/data/customer-listings';
import { createCustomerSteps, mergeProfilesSteps, saveFiguresStep } from '#shared/data/customer-steps';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, readItem, tableName } from '#shared/data/client';
import { keys } from '#shared/data/keys';
import { transactWrite } from '#shared/data/transactions';
import { newId } from '#shared/runtime/ids';
import { someTenant, useFreshTable } from '#test/fixtures/fresh-table';

beforeAll(async () => {
  await useFreshTable();
});

const fileOf = (name: string): CustomerFile => ({
  id: newId('customer'),
  plain: { type: 'individual', name, tags: [], consent: { marketingSms: false, marketingEmail: false } },
  sealed: {},
  masked: {},
  stats: emptyStats('CNY'),
  tallies: emptyTallies(),
  tier: 'potential',
  stage: 'prospect',
  version: 1,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

describe('customer listings', () => {
  it('re-sorts a customer in the spend listing when a purchase changes its figures', async () => {
    const scope = someTenant();
    const small = { file: fileOf('Small'), lookups: {} };
    const big = { file: fileOf('Big'), lookups: {} };
    await transactWrite(scope, [...createCustomerSteps(scope, small), ...createCustomerSteps(scope, big)]);
    const spenders = async () => (await listCustomers(scope, { sort: '-totalSpend', filters: {} }, { limit: 10 })).items.map((c) => c.card.name);
    const before = await getCustomer(scope, small.file.id, true);

    const figures = settle(addPurchase({ stats: before!.file.stats, tallies: before!.file.tallies }, 99_000, new Date().toISOString()), defaultTenantSettings('CN'), new Date());
    await transactWrite(scope, [saveFiguresStep(scope, before!, figures, new Date().toISOString())]);

    expect((await spenders())[0]).toBe('Small');
    expect((await getCustomer(scope, small.file.id, true))!.file.version).toBe(2);
  });

  it('shows a purchase that moves the tier in every listing, and its figures in the figures listing', async () => {
    const scope = someTenant();
    const customer = { file: fileOf('Climber'), lookups: {} };
    await transactWrite(scope, createCustomerSteps(scope, customer));
    const before = (await getCustomer(scope, customer.file.id, true))!;
    const figures = settle(addPurchase({ stats: before.file.stats, tallies: before.file.tallies }, 9_900_000, new Date().toISOString()), defaultTenantSettings('CN'), new Date());

    await transactWrite(scope, [saveFiguresStep(scope, before, figures, new Date().toISOString())]);

    expect(figures.tier).not.toBe(before.file.tier);
    for (const sort of ['name', '-createdAt', '-lastPurchaseAt', '-totalSpend'] as const) {
      expect((await listCustomers(scope, { sort, filters: {} }, { limit: 10 })).items.map((c) => c.card.tier)).toEqual([figures.tier]);
    }
    const [listed] = (await listCustomerFigures(scope, { limit: 10 })).items;
    expect(listed).toMatchObject({ id: customer.file.id, version: 2, stats: { totalSpend: figures.stats.totalSpend, orderCount: 1 } });
  });

  it('ranks buyers by spend and lists who never bought after them, newest first, visiting each once across pages', async () => {
    const scope = someTenant();
    const customers = ['Old prospect', 'Small', 'Zero', 'Big', 'New prospect'].map((name) => ({ file: fileOf(name), lookups: {} }));
    for (const customer of customers) await transactWrite(scope, createCustomerSteps(scope, customer));
    const buy = async (name: string, amount: number, refund = false) => {
      const read = (await getCustomer(scope, customers.find((c) => c.file.plain.name === name)!.file.id, true))!;
      const bought = addPurchase({ stats: read.file.stats, tallies: read.file.tallies }, amount, new Date().toISOString());
      const counted = refund ? { ...bought, stats: { ...bought.stats, totalSpend: read.file.stats.totalSpend } } : bought;
      await transactWrite(scope, [saveFiguresStep(scope, read, settle(counted, defaultTenantSettings('CN'), new Date()), new Date().toISOString())]);
    };
    await buy('Small', 1_000);
    await buy('Big', 90_000);
    await buy('Zero', 5_000, true);

    const names: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await listCustomers(scope, { sort: '-totalSpend', filters: {} }, { limit: 2, startKey });
      names.push(...page.items.map((c) => c.card.name));
      startKey = page.lastKey;
    } while (startKey);

    expect(names).toEqual(['Big', 'Small', 'Zero', 'New prospect', 'Old prospect']);
  });

  it('writes no spend entry for a customer who never bought', async () => {
    const scope = someTenant();
    const customer = { file: fileOf('Prospect'), lookups: {} };

    await transactWrite(scope, createCustomerSteps(scope, customer));

    const item = await readItem(scope, keys.customer(scope, customer.file.id), { consistent: true });
    expect(item).toMatchObject({ BYLAST: `0000#${customer.file.id}` });
    expect(item?.BYSPEND).toBeUndefined();
  });

  it('lists a never-bought customer written before the spend listing was sparse once, after its stale entry is dropped', async () => {
    const scope = someTenant();
    const legacy = { file: fileOf('Legacy prospect'), lookups: {} };
    await transactWrite(scope, createCustomerSteps(scope, legacy));
    await documentClient().send(
      new UpdateCommand({ TableName: tableName(), Key: keys.customer(scope, legacy.file.id), UpdateExpression: 'SET BYSPEND = :spend', ExpressionAttributeValues: { ':spend': `0000000000000000#${legacy.file.id}` } }),
    );
    const spenders = async () => (await listCustomers(scope, { sort: '-totalSpend', filters: {} }, { limit: 10 })).items.map((c) => c.card.name);
    const before = await spenders();

    const dropped = await dropNeverBoughtSpendEntries(scope);

    expect(before).toEqual(['Legacy prospect', 'Legacy prospect']);
    expect(dropped).toBe(1);
    expect(await spenders()).toEqual(['Legacy prospect']);
    expect(await dropNeverBoughtSpendEntries(scope)).toBe(0);
  });

  it('refuses a figures write computed from an old version', async () => {
    const scope = someTenant();
    const customer = { file: fileOf('Racer'), lookups: {} };
    await transactWrite(scope, [...createCustomerSteps(scope, customer)]);
    const read = (await getCustomer(scope, customer.file.id, true))!;
    const figures = settle({ stats: read.file.stats, tallies: read.file.tallies }, defaultTenantSettings('CN'), new Date());
    await transactWrite(scope, [saveFiguresStep(scope, read, figures, new Date().toISOString())]);

    const stale = transactWrite(scope, [saveFiguresStep(scope, read, figures, new Date().toISOString())]);

    await expect(stale).rejects.toMatchObject({ code: 'concurrent-update' });
  });

  it('never returns another tenant\'s customers from a listing', async () => {
    const mine = someTenant();
    const theirs = someTenant();
    await transactWrite(theirs, createCustomerSteps(theirs, { file: fileOf('Theirs'), lookups: {} }));

    expect((await listCustomers(mine, { sort: 'name', filters: {} }, { limit: 50 })).items).toEqual([]);
  });
});

describe('merging profiles', () => {
  it("hands the source's adopted guard to the survivor and releases the rest", async () => {
    const scope = someTenant();
    const target = { file: fileOf('Target'), lookups: {} };
    const source = { file: fileOf('Source'), lookups: { email: 'blind-email', phone: 'blind-phone' } };
    await transactWrite(scope, [...createCustomerSteps(scope, target), ...createCustomerSteps(scope, source)]);
    const merged = { file: { ...target.file, version: 2 }, lookups: { email: 'blind-email' } };

    await transactWrite(scope, mergeProfilesSteps(scope, target, merged, source));

    expect(await findCustomerIdByUnique(scope, { kind: 'email', blindIndex: 'blind-email' }, true)).toBe(target.file.id);
    expect(await findCustomerIdByUnique(scope, { kind: 'phone', blindIndex: 'blind-phone' }, true)).toBeUndefined();
    expect(await getCustomer(scope, source.file.id, true)).toBeUndefined();
  });
});
