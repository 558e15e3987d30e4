import { StatusTag } from '#web/layout/status-tag.tsx';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Table } from 'antd';
import { Link } from 'react-router';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';

type Entry = Schemas['AuditEntry'];

/** The audit log, newest first: every write, every reveal, every sign-in. */
export const AuditLog = () => {
  const t = useT();
  const format = useTenantFormat();
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => answer(api.GET('/v1/audit', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <QueryState query={audit}>
      {(data) => (
        <>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 720 }}
            dataSource={data.pages.flatMap((page) => page.items)}
            columns={[
              { title: t('settings.auditAt'), key: 'at', render: (e: Entry) => format.dateTime(e.at) },
              { title: t('settings.auditAction'), dataIndex: 'action', key: 'action' },
              { title: t('settings.auditActor'), key: 'actor', render: (e: Entry) => `${e.actor.type}${e.actor.id ? ` ${e.actor.id}` : ''}` },
              { title: t('settings.auditTarget'), key: 'target', render: (e: Entry) => (e.customerId ? <Link to={`/customers/${e.customerId}`}>{e.customerId}</Link> : (e.target?.id ?? '—')) },
              { title: t('settings.auditOutcome'), key: 'outcome', render: (e: Entry) => <StatusTag tone={e.outcome === 'success' ? 'good' : 'bad'}>{e.outcome}</StatusTag> },
            ]}
          />
          {audit.hasNextPage && (
            <Button style={{ marginTop: 12 }} onClick={() => audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
              {t('customers.more')}
            </Button>
          )}
        </>
      )}
    </QueryState>
  );
};
