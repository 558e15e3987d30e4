import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { answer, api } from '#web/api/client.ts';
import { useCan } from '#web/api/server-state.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { FilterSummary, SegmentSize } from './filter-summary.tsx';
import { NewSegmentButton } from './new-segment.tsx';
import { COUNTING_POLL_MS, type Segment } from './segment-query.ts';

/** Saved segments, newest first: each with its conditions, its size and when it was counted. */
export const Segments = () => {
  const t = useT();
  const can = useCan();
  const format = useTenantFormat();
  const segments = useInfiniteQuery({
    queryKey: ['segments', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => answer(api.GET('/v1/segments', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some((s) => s.size.status === 'counting')) ? COUNTING_POLL_MS : false),
  });

  return (
    <>
      <div className="console-page-header">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('segments.title')}
        </Typography.Title>
        {can('customers:write') && <NewSegmentButton />}
      </div>
      <QueryState query={segments}>
        {(data) => (
          <>
            <Table
              rowKey="id"
              size="middle"
              pagination={false}
              scroll={{ x: 640 }}
              dataSource={data.pages.flatMap((page) => page.items)}
              locale={{ emptyText: <Empty description={t('segments.empty')} /> }}
              columns={[
                { title: t('segments.name'), key: 'name', render: (s: Segment) => <Link to={`/segments/${s.id}`}>{s.name}</Link> },
                { title: t('segments.filter'), key: 'filter', render: (s: Segment) => <FilterSummary segment={s} /> },
                { title: t('segments.size'), key: 'size', align: 'right', render: (s: Segment) => <SegmentSize segment={s} /> },
                { title: t('segments.countedAt'), key: 'countedAt', render: (s: Segment) => format.dateTime(s.size.countedAt ?? undefined) },
              ]}
            />
            {segments.hasNextPage && (
              <Button style={{ marginTop: 12 }} onClick={() => segments.fetchNextPage()} loading={segments.isFetchingNextPage}>
                {t('customers.more')}
              </Button>
            )}
          </>
        )}
      </QueryState>
    </>
  );
};
