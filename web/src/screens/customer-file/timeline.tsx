import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Empty, Table, Tag, Timeline } from 'antd';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { useTenantFormat, type TenantFormat } from '#web/format/tenant-format.ts';
import { useT, type Translate } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';

type TimelineRecord = Schemas['Record'];

/** One line for a record of any kind: what a person at the till wants to read. */
const describe = (record: TimelineRecord, t: Translate, format: TenantFormat): string => {
  switch (record.kind) {
    case 'transactions':
      return `${format.money(record.amount)} · ${t(`channel.${record.channel}` as const)} · ${t(`pay.${record.paymentMethod}` as const)}`;
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

/** Every record of the customer, newest first, a page at a time. */
export const CustomerTimeline = ({ customerId }: { customerId: string }) => {
  const t = useT();
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
                    <time dateTime={record.at}>{format.dateTime(record.at)}</time>
                    <div>{describe(record, t, format)}</div>
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

export const CustomerCoupons = ({ customerId }: { customerId: string }) => {
  const t = useT();
  const format = useTenantFormat();
  const coupons = useQuery({
    queryKey: ['coupons', customerId],
    queryFn: () => answer(api.GET('/v1/customers/{customerId}/coupons', { params: { path: { customerId }, query: { limit: 100 } } })),
  });
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
            { title: t('settings.offerValue'), key: 'value', render: (c: Schemas['Coupon']) => `${c.value} · ${t(`settings.offerKind.${c.couponKind}` as const)}` },
            { title: t('settings.status'), dataIndex: 'status', key: 'status' },
            { title: t('file.couponExpires'), key: 'expires', render: (c: Schemas['Coupon']) => format.date(c.expiresAt) },
          ]}
        />
      )}
    </QueryState>
  );
};
