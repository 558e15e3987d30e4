import { StatusTag } from '#web/layout/status-tag.tsx';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Collapse, Form, Input, Select, Space } from 'antd';
import { answer, api, type Body, type Schemas } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { FormError } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { AdminTable, CreateForm, useCreateForm } from './admin-list.tsx';
import { OneTimeSecret } from './one-time-secret.tsx';

type Delivery = Schemas['Delivery'];
const eventTypes = ['*', 'customer.created', 'customer.updated', 'customer.erased', 'customer.merged', 'transaction.recorded', 'interaction.logged', 'feedback.received', 'feedback.resolved', 'followup.created', 'followup.completed', 'birthday_offer.issued', 'coupon.redeemed', 'tier.changed', 'stage.changed', 'points.changed'] as const;

const Deliveries = ({ webhook }: { webhook: Schemas['Webhook'] }) => {
  const t = useT();
  const format = useTenantFormat();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const webhookId = webhook.id;
  const deliveries = useQuery({
    queryKey: ['deliveries', webhookId],
    queryFn: () => answer(api.GET('/v1/webhooks/{webhookId}/deliveries', { params: { path: { webhookId }, query: { limit: 50 } } })),
    // A delivery on its way changes by itself (attempted, retried, delivered): look again while one is.
    refetchInterval: (query) => (query.state.data?.items.some((delivery) => delivery.status === 'pending') ? 2_000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['deliveries', webhookId] });
  const retry = useMutation({
    mutationFn: (deliveryId: string) => answer(api.POST('/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry', { params: { path: { webhookId, deliveryId } } })),
    onSuccess: () => {
      void message.success(t('settings.retried'));
      return refresh();
    },
    onError: (error) => void message.error(error.message),
  });
  const test = useMutation({
    mutationFn: () => answer(api.POST('/v1/webhooks/{webhookId}/test', { params: { path: { webhookId } } })),
    onSettled: refresh,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button size="small" onClick={() => test.mutate()} loading={test.isPending}>
        {t('settings.sendTest')}
      </Button>
      <AdminTable
        query={deliveries}
        empty={t('settings.noDeliveries')}
        columns={[
          { title: t('settings.webhookEvents'), dataIndex: 'eventType', key: 'type' },
          { title: t('settings.status'), key: 'status', render: (d: Delivery) => <StatusTag tone={d.status === 'succeeded' ? 'good' : d.status === 'failed' ? 'bad' : 'info'}>{d.status}{d.lastStatusCode ? ` · ${d.lastStatusCode}` : ''}</StatusTag> },
          { title: '#', dataIndex: 'attempts', key: 'attempts' },
          { title: t('settings.auditAt'), key: 'at', render: (d: Delivery) => format.dateTime(d.updatedAt) },
          {
            title: t('file.actions'),
            key: 'retry',
            render: (d: Delivery) =>
              d.status === 'succeeded' ? null : (
                <Button size="small" onClick={() => retry.mutate(d.id)} loading={retry.isPending && retry.variables === d.id}>
                  {t('settings.retry')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
};

/** Webhook endpoints: register one (its signing secret shown once), see each one's deliveries, retry. */
export const Webhooks = () => {
  const t = useT();
  const webhooks = useQuery({ queryKey: ['webhooks'], queryFn: () => answer(api.GET('/v1/webhooks', { params: { query: { limit: 100 } } })) });
  const register = useCreateForm({ send: (body: Body<'create-webhook'>) => api.POST('/v1/webhooks', { body }), refresh: ['webhooks'] });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {register.added && <OneTimeSecret title={t('settings.secretShownOnce')} secret={register.added.secret} />}
      <FormError message={register.formError} />
      <CreateForm creator={register} submit="settings.addWebhook" initialValues={{ events: ['*'] }} maxWidth={560}>
        <Form.Item name="url" label={t('settings.webhookUrl')} rules={[{ required: true, message: t('form.required') }]}>
          <Input type="url" placeholder="https://" />
        </Form.Item>
        <Form.Item name="events" label={t('settings.webhookEvents')}>
          <Select mode="multiple" options={eventTypes.map((type) => ({ value: type, label: type }))} />
        </Form.Item>
      </CreateForm>
      <QueryState query={webhooks}>
        {(page) => (
          <Collapse
            items={page.items.map((webhook) => ({
              key: webhook.id,
              label: (
                <Space wrap>
                  <span>{webhook.url}</span>
                  <StatusTag tone={webhook.status === 'enabled' ? 'good' : 'bad'}>{webhook.status}</StatusTag>
                </Space>
              ),
              children: <Deliveries webhook={webhook} />,
            }))}
          />
        )}
      </QueryState>
    </Space>
  );
};
