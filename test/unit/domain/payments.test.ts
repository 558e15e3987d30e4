import { describe, expect, it } from 'vitest';
import { markOverdue, payments, type PaymentRecord } from '#shared/domain/records/payments';
import { emptyStats } from '#shared/domain/customer';
import { emptyTallies, type Figures } from '#shared/domain/customer-figures';

const payment = (overrides: Partial<PaymentRecord>): PaymentRecord => ({
  id: 'pay_01JD3K7A8B9C0D1E2F3G4H5J6K',
  kind: 'payments',
  customerId: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A',
  occurredAt: '2026-11-01T00:00:00.000Z',
  at: '2026-11-01T00:00:00.000Z',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: 'system',
  version: 1,
  amount: { amount: 50_000, currency: 'CNY' },
  dueAt: '2026-11-20T00:00:00.000Z',
  status: 'pending',
  ...overrides,
});
const noFigures = (): Figures => ({ stats: emptyStats('CNY'), tallies: emptyTallies() });
const night = new Date('2026-11-21T18:30:00.000Z');

describe('the nightly overdue mark', () => {
  it('turns a pending payment whose due time passed overdue, and counts it once', () => {
    const change = markOverdue(payment({}), night);

    expect(change?.record.status).toBe('overdue');
    expect(change?.figures?.(noFigures()).stats.overduePayments).toBe(1);
  });

  it('leaves a payment paid meanwhile paid, owing nothing (the index that found it may lag)', () => {
    const paid = payment({ status: 'paid', paidAt: '2026-11-21T09:00:00.000Z', version: 2 });

    expect(markOverdue(paid, night)).toBeUndefined();
    const owed = payments.effect!(noFigures(), paid);
    expect(owed.stats.creditOutstanding.amount).toBe(0);
    expect(owed.stats.overduePayments).toBe(0);
  });

  it('leaves a payment not yet due, or already overdue, as it is', () => {
    expect(markOverdue(payment({ dueAt: '2026-11-25T00:00:00.000Z' }), night)).toBeUndefined();
    expect(markOverdue(payment({ status: 'overdue', version: 2 }), night)).toBeUndefined();
  });
});
