import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { useCan, useTenant } from '#web/api/server-state.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import type { MessageKey } from '#web/i18n/messages-zh.ts';
import { QueryState } from '#web/layout/query-state.tsx';
import { useSession } from '#web/session/use-session.tsx';
import { CloseWithText } from './work-list.tsx';

type Followup = Schemas['Followup'];
const AHEAD_DAYS = 14;

/** The calendar day of an instant in the tenant's time zone, as `YYYY-MM-DD` (sortable). */
const dayIn = (timeZone: string) => {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (instant: string | Date) => format.format(new Date(instant));
};

/** My open follow-ups: overdue, due today (the tenant's today), and the next two weeks. */
export const Followups = () => {
  const t = useT();
  const can = useCan();
  const format = useTenantFormat();
  const tenant = useTenant().data;
  const session = useSession();
  const followups = useQuery({
    queryKey: ['followups', session?.user.id],
    queryFn: () =>
      answer(
        api.GET('/v1/followups', {
          params: { query: { status: 'open', assigneeUserId: session!.user.id, dueBefore: new Date(Date.now() + AHEAD_DAYS * 86_400_000).toISOString(), limit: 200 } },
        }),
      ),
    enabled: session !== null,
  });
  const day = dayIn(tenant?.timezone ?? 'Asia/Shanghai');
  const today = day(new Date());

  const section = (title: MessageKey, items: Followup[]) => (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{`${t(title)} (${items.length})`}</h2>} size="small">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followups.empty')} />
      ) : (
        <ul className="console-work-list">
          {items.map((f) => (
            <li key={f.id}>
              <div>
                {/* The title opens the customer's file: the call is made with the file in front. */}
                <Link to={`/customers/${f.customerId}`}>
                  <strong>{f.title}</strong>
                </Link>
                <div>
                  <time dateTime={f.dueAt}>{format.dateTime(f.dueAt)}</time>
                </div>
              </div>
              {can('customers:write') && (
                <CloseWithText
                  opens="followups.done"
                  field="outcome"
                  label="followups.outcome"
                  done="followups.completed"
                  refresh={[['followups'], ['timeline', f.customerId]]}
                  send={(outcome) =>
                    api.PATCH('/v1/customers/{customerId}/followups/{recordId}', {
                      params: { path: { customerId: f.customerId, recordId: f.id }, header: { 'If-Match': `"${f.version}"` } },
                      body: { status: 'done', outcome },
                    })
                  }
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('followups.title')}
      </Typography.Title>
      <QueryState query={followups}>
        {(page) => (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {section('followups.overdue', page.items.sort((a, b) => a.dueAt.localeCompare(b.dueAt)).filter((f) => day(f.dueAt) < today))}
            {section('followups.today', page.items.filter((f) => day(f.dueAt) === today))}
            {section('followups.upcoming', page.items.filter((f) => day(f.dueAt) > today))}
          </Space>
        )}
      </QueryState>
    </>
  );
};
