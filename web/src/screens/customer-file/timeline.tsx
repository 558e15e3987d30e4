import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Table, Tag, Timeline } from 'antd';
import { useCan } from '#web/api/server-state.ts';
import { StatusTag } from '#web/layout/status-tag.tsx';
import { customerKeys } from './customer-query.ts';
import { RefundButton } from './refund-button.tsx';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { useTenantFormat, type TenantFormat } from '#web/format/tenant-format.ts';
import { useT, type Translate } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';

type TimelineRecord = Schemas['Record'];

/** One line for a record of any kind: what a person at the till wants to read. */
const describe = (record: TimelineRecord, t: Translate, format: TenantFormat): string => {
  switch (record.kind) {
    case 'transactions':
      return `${format.money(record.amount)} · ${t(`channel.${record.channel}` as const)} · ${t(`pay.${record.paymentMethod}` as const)}${record.status === 'completed' ? '' : ` · ${t(`txn.${record.status}` as const)}`}`;
    case 'refunds':
      return `−${format.money(record.amount)}${record.reason ? ` · ${record.reason}` : ''}`;
    case 'interactions':
      return `${t(`ichannel.${record.channel}` as const)} · ${record.topic}${record.summary ? ` — ${record.summary}` : ''}`;
    case 'feedback':
      return `${record.content} · ${t(`complaints.status.${record.status}` as const)}${record.resolution ? ` — ${record.resolution}` : ''}`;
    case 'followups':
      return `${record.title} · ${format.dateTime(record.dueAt)}`;
    case 'payments':
      return `${format.money(record.amount)} · ${record.status}`;
    case 'points':
      return `${record.delta > 0 ? '+' : ''}${record.delta} · ${record.reason}`;
    case 'coupons':
      return `${record.code} · ${record.title ?? record.couponKind}`;
    case 'participations':
      return `${record.campaignId} · ${record.status}`;
    case 'messages':
      return record.text;
  }
};

/** Every record of the customer, newest first, a page at a time; a purchase not yet refunded in full offers a refund. */
export const CustomerTimeline = ({ customerId }: { customerId: string }) => {
  const t = useT();
  const can = useCan();
  const format = useTenantFormat();
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', customerId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => answer(api.GET('/v1/customers/{customerId}/timeline', { params: { path: { customerId }, query: { limit: 30, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <QueryState query={timeline}>
      {(data) => {
        const records = data.pages.flatMap((page) => page.items);
        if (records.length === 0) return <Empty description={t('file.noRecords')} />;
        return (
          <>
            <Timeline
              items={records.map((record) => ({
                key: record.id,
                content: (
                  <div data-record={record.kind}>
                    <Tag>{t(`record.${record.kind}` as const)}</Tag>
                    <time dateTime={record.occurredAt}>{format.dateTime(record.occurredAt)}</time>
                    <div className="console-record-line">
                      <span>{describe(record, t, format)}</span>
                      {record.kind === 'transactions' && record.status !== 'refunded' && can('customers:write') && <RefundButton purchase={record} />}
                    </div>
                  </div>
                ),
              }))}
            />
            {timeline.hasNextPage && <Button onClick={() => timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>{t('file.moreRecords')}</Button>}
          </>
        );
      }}
    </QueryState>
  );
};

type Coupon = Schemas['Coupon'];
const couponState = (coupon: Coupon, now: number) => (coupon.status === 'issued' && Date.parse(coupon.expiresAt) <= now ? 'expired' : coupon.status);

/** The customer's coupons; one still valid is redeemed here when the customer shows its code. */
export const CustomerCoupons = ({ customerId }: { customerId: string }) => {
  const t = useT();
  const can = useCan();
  const format = useTenantFormat();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const coupons = useQuery({
    queryKey: ['coupons', customerId],
    queryFn: () => answer(api.GET('/v1/customers/{customerId}/coupons', { params: { path: { customerId }, query: { limit: 100 } } })),
  });
  const redeem = useMutation({
    mutationFn: (code: string) => answer(api.POST('/v1/coupons/{code}/redeem', { params: { path: { code } } })),
    onSuccess: async () => {
      void message.success(t('coupon.redeemedNow'));
      await Promise.all(customerKeys(customerId).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
    onError: (error) => void message.error(error.message),
  });
  const now = Date.now();
  return (
    <QueryState query={coupons}>
      {(data) => (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 480 }}
          dataSource={data.items}
          locale={{ emptyText: <Empty description={t('file.noCoupons')} /> }}
          columns={[
            { title: t('file.couponCode'), dataIndex: 'code', key: 'code' },
            { title: t('coupon.title'), key: 'title', render: (c: Coupon) => c.title ?? '—' },
            { title: t('settings.offerValue'), key: 'value', render: (c: Coupon) => `${c.value} · ${t(`settings.offerKind.${c.couponKind}` as const)}` },
            {
              title: t('settings.status'),
              key: 'status',
              render: (c: Coupon) => {
                const state = couponState(c, now);
                return <StatusTag tone={state === 'issued' ? 'good' : 'plain'}>{t(`coupon.status.${state}` as const)}</StatusTag>;
              },
            },
            { title: t('file.couponExpires'), key: 'expires', render: (c: Coupon) => format.date(c.expiresAt) },
            {
              title: t('file.actions'),
              key: 'redeem',
              render: (c: Coupon) =>
                can('customers:write') && couponState(c, now) === 'issued' ? (
                  <Button size="small" onClick={() => redeem.mutate(c.code)} loading={redeem.isPending && redeem.variables === c.code}>
                    {t('coupon.redeem')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </QueryState>
  );
};
