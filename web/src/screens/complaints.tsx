import { StatusTag } from '#web/layout/status-tag.tsx';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { useCan } from '#web/api/server-state.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { CloseWithText } from './work-list.tsx';

type Complaint = Schemas['Feedback'];
const REFRESH = [['complaints'], ['timeline'], ['customer']];

const byRecord = (c: Complaint) => ({ params: { path: { customerId: c.customerId, recordId: c.id }, header: { 'If-Match': `"${c.version}"` } } });

/** Open complaints, oldest worry first: take one on, resolve it with what was done. */
export const Complaints = () => {
  const t = useT();
  const can = useCan();
  const format = useTenantFormat();
  const queryClient = useQueryClient();
  const complaints = useQuery({
    queryKey: ['complaints'],
    queryFn: async () => {
      const [open, working] = await Promise.all(
        (['open', 'in_progress'] as const).map((status) => answer(api.GET('/v1/feedback', { params: { query: { status, type: 'complaint', limit: 200 } } }))),
      );
      return [...working!.items, ...open!.items];
    },
  });
  const startWork = useMutation({
    mutationFn: (c: Complaint) => answer(api.PATCH('/v1/customers/{customerId}/feedback/{recordId}', { ...byRecord(c), body: { status: 'in_progress' } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['complaints'] }),
  });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('complaints.title')}
      </Typography.Title>
      <QueryState query={complaints}>
        {(items) => (
          <Table
            rowKey="id"
            pagination={false}
            scroll={{ x: 640 }}
            dataSource={items}
            locale={{ emptyText: <Empty description={t('complaints.empty')} /> }}
            columns={[
              { title: t('complaint.content'), dataIndex: 'content', key: 'content' },
              { title: t('settings.status'), key: 'status', render: (c: Complaint) => <StatusTag tone={c.status === 'open' ? 'bad' : 'warn'}>{t(`complaints.status.${c.status}` as const)}</StatusTag> },
              { title: t('settings.auditAt'), key: 'at', render: (c: Complaint) => format.dateTime(c.occurredAt) },
              {
                title: t('file.actions'),
                key: 'actions',
                render: (c: Complaint) => (
                  <Space wrap>
                    <Link to={`/customers/${c.customerId}`}>{t('complaints.openCustomer')}</Link>
                    {can('customers:write') && c.status === 'open' && (
                      <Button size="small" onClick={() => startWork.mutate(c)} loading={startWork.isPending && startWork.variables?.id === c.id}>
                        {t('complaints.startWork')}
                      </Button>
                    )}
                    {can('customers:write') && (
                      <CloseWithText
                        opens="complaints.resolve"
                        field="resolution"
                        label="complaints.resolution"
                        done="complaints.resolved"
                        refresh={REFRESH}
                        send={(resolution) => api.PATCH('/v1/customers/{customerId}/feedback/{recordId}', { ...byRecord(c), body: { status: 'resolved', resolution } })}
                      />
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
};
