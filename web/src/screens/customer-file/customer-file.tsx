import { StatusTag } from '#web/layout/status-tag.tsx';
import { Alert, Button, Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useCan } from '#web/api/server-state.ts';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { useCustomer } from './customer-query.ts';
import { EraseButton, MergeButton } from './danger-zone.tsx';
import { Figures } from './figures.tsx';
import { ProfileEditor, ProfileView } from './profile.tsx';
import { RecordFormButton, recordFormNames } from './record-forms.tsx';
import { CustomerCoupons, CustomerTimeline } from './timeline.tsx';

/**
 * The customer file: figures, actions, profile, timeline and coupons. Only what the role may do
 * is offered: a viewer reads; an agent writes; a manager may also reveal, merge and erase.
 */
export const CustomerFile = () => {
  const t = useT();
  const can = useCan();
  const customerId = useParams().customerId!;
  const [revealed, setRevealed] = useState(false);
  const [editing, setEditing] = useState(false);
  const customer = useCustomer(customerId, revealed);

  return (
    <QueryState query={customer}>
      {(c) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div className="console-page-header">
            <Typography.Title level={1} style={{ fontSize: 22 }}>
              {c.name} <StatusTag tone={c.tier === 'vip' ? 'warn' : 'plain'}>{t(`tier.${c.tier}` as const)}</StatusTag>
            </Typography.Title>
          </div>
          <Figures customer={c} />
          {can('customers:write') && (
            <section aria-label={t('file.actions')} className="console-actions">
              {recordFormNames.map((name) => (
                <RecordFormButton key={name} name={name} customerId={c.id} primary={name === 'purchase'} />
              ))}
              {can('customers:delete') && <MergeButton customer={c} />}
              {can('customers:delete') && <EraseButton customer={c} />}
            </section>
          )}
          <Card>
            <Tabs
              items={[
                {
                  key: 'profile',
                  label: t('file.profile'),
                  children: editing ? (
                    <ProfileEditor customer={c} onDone={() => setEditing(false)} />
                  ) : (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      <Space wrap>
                        {can('customers:write') && <Button onClick={() => setEditing(true)}>{t('file.edit')}</Button>}
                        {can('customers:reveal') && (
                          <Button onClick={() => setRevealed(!revealed)} aria-pressed={revealed}>
                            {t('file.reveal')}
                          </Button>
                        )}
                        {can('customers:reveal') && <Typography.Text type="secondary">{t('file.audited')}</Typography.Text>}
                      </Space>
                      {revealed && <Alert type="info" showIcon title={t('file.revealed')} />}
                      <ProfileView customer={c} />
                    </Space>
                  ),
                },
                { key: 'timeline', label: t('file.timeline'), children: <CustomerTimeline customerId={c.id} /> },
                { key: 'coupons', label: t('file.coupons'), children: <CustomerCoupons customerId={c.id} /> },
              ]}
            />
          </Card>
        </Space>
      )}
    </QueryState>
  );
};
