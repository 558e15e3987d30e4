import { StatusTag } from '#web/layout/status-tag.tsx';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Popconfirm, Space, Table, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { saveFile } from '#web/api/save-file.ts';
import { useCan } from '#web/api/server-state.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useLanguage } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { FilterSummary, SegmentSize } from './filter-summary.tsx';
import { useSegment, type Segment } from './segment-query.ts';

type Member = Schemas['CustomerSummary'];
const PAGE = 25;

/** A segment's members, a page at a time, each opening their file. */
const Members = ({ segment }: { segment: Segment }) => {
  const { t } = useLanguage();
  const segmentId = segment.id;
  const members = useInfiniteQuery({
    // The filter is part of the key: a changed filter is another list.
    queryKey: ['segments', segmentId, 'members', segment.version],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => answer(api.GET('/v1/segments/{segmentId}/customers', { params: { path: { segmentId }, query: { limit: PAGE, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <Card size="small" title={<h2 className="console-card-title">{t('segments.members')}</h2>}>
      <QueryState query={members}>
        {(data) => (
          <>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 560 }}
              dataSource={data.pages.flatMap((page) => page.items)}
              locale={{ emptyText: <Empty description={t('segments.noMembers')} /> }}
              columns={[
                { title: t('customers.name'), key: 'name', render: (c: Member) => <Link to={`/customers/${c.id}`}>{c.name}</Link> },
                { title: t('customers.phone'), key: 'phone', render: (c: Member) => c.phone ?? '—' },
                { title: t('customers.tier'), key: 'tier', render: (c: Member) => <StatusTag tone={c.tier === 'vip' ? 'warn' : 'plain'}>{t(`tier.${c.tier}`)}</StatusTag> },
                { title: t('customers.stage'), key: 'stage', render: (c: Member) => t(`stage.${c.stage}`) },
                { title: t('customers.city'), key: 'city', render: (c: Member) => c.city ?? '—' },
                { title: t('customers.tags'), key: 'tags', render: (c: Member) => (c.tags.length > 0 ? c.tags.join('、') : '—') },
              ]}
            />
            {members.hasNextPage && (
              <Button style={{ marginTop: 12 }} onClick={() => members.fetchNextPage()} loading={members.isFetchingNextPage}>
                {t('customers.more')}
              </Button>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
};

/** One segment: its conditions and size, its members; count it again, download it, delete it. */
export const SegmentDetail = () => {
  const { t, language } = useLanguage();
  const can = useCan();
  const format = useTenantFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const segmentId = useParams().segmentId!;
  const segment = useSegment(segmentId);
  const recount = useMutation({
    mutationFn: () => answer(api.POST('/v1/segments/{segmentId}/count', { params: { path: { segmentId } } })),
    onSuccess: (counting) => {
      queryClient.setQueryData(['segments', segmentId], counting);
      return queryClient.invalidateQueries({ queryKey: ['segments', segmentId, 'members'] });
    },
    onError: (error) => void message.error(error.message),
  });
  const remove = useMutation({
    mutationFn: () => answer(api.DELETE('/v1/segments/{segmentId}', { params: { path: { segmentId } } })),
    onSuccess: () => {
      // Only the list is asked for again: the segment's own queries, still shown until the page
      // changes, would be asked again if removed here — and answer 404. They expire unused.
      navigate('/segments', { replace: true });
      void queryClient.invalidateQueries({ queryKey: ['segments', 'list'] });
      void message.success(t('segments.deleted'));
    },
    onError: (error) => void message.error(error.message),
  });
  const download = useMutation({
    mutationFn: async (name: string) => {
      const file = await answer(
        api.GET('/v1/exports/customers', { params: { query: { format: 'csv', segmentId, headers: language === 'zh-CN' ? 'zh' : 'en' } }, parseAs: 'blob' }),
      );
      saveFile(file as Blob, `${name.replace(/[\\/:*?"<>|]/g, '_')}.csv`);
    },
    onError: (error) => void message.error(error.message),
  });

  return (
    <QueryState query={segment}>
      {(s) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Link to="/segments">← {t('segments.all')}</Link>
          <div className="console-page-header">
            <Typography.Title level={1} style={{ fontSize: 22 }}>
              {s.name}
            </Typography.Title>
            <Space wrap>
              <Button onClick={() => recount.mutate()} loading={recount.isPending} disabled={s.size.status === 'counting'}>
                {t('segments.recount')}
              </Button>
              <Button onClick={() => download.mutate(s.name)} loading={download.isPending}>
                {t('segments.download')}
              </Button>
              {can('customers:write') && (
                <Popconfirm title={t('segments.deleteConfirm', { name: s.name })} onConfirm={() => remove.mutate()} okText={t('segments.delete')} okButtonProps={{ danger: true }} cancelText={t('form.cancel')}>
                  <Button danger loading={remove.isPending}>
                    {t('segments.delete')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          </div>
          <Descriptions size="small" bordered column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label={t('segments.size')}>
              <span aria-live="polite">
                <SegmentSize segment={s} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('segments.countedAt')}>{format.dateTime(s.size.countedAt ?? undefined)}</Descriptions.Item>
            <Descriptions.Item label={t('settings.createdAt')}>{format.dateTime(s.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('segments.filter')} span={3}>
              <FilterSummary segment={s} />
            </Descriptions.Item>
          </Descriptions>
          <Members segment={s} />
        </Space>
      )}
    </QueryState>
  );
};
