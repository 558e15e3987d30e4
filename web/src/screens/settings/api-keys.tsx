import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { answer, api, type Body, type Schemas } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { OneTimeSecret } from './one-time-secret.tsx';

const scopes = ['customers:read', 'customers:write', 'customers:reveal', 'customers:delete', 'admin', 'audit:read'] as const;

/** API keys for the tenant's other systems: issued with scopes, the secret shown once, revoked at once. */
export const ApiKeys = () => {
  const t = useT();
  const format = useTenantFormat();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => answer(api.GET('/v1/api-keys', { params: { query: { limit: 200 } } })) });
  const { form, formError, showProblem } = useApiForm<Body<'create-api-key'>>();
  const issue = useMutation({
    mutationFn: (body: Body<'create-api-key'>) => answer(api.POST('/v1/api-keys', { body })),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: showProblem,
  });
  const revoke = useMutation({
    mutationFn: (keyId: string) => answer(api.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {issue.data && <OneTimeSecret title={t('settings.keyShownOnce')} secret={issue.data.key} />}
      <FormError message={formError} />
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ scopes: ['customers:read'] }} onFinish={(body) => issue.mutate(body)} style={{ maxWidth: 480 }}>
        <Form.Item name="name" label={t('settings.keyName')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="scopes" label={t('settings.keyScopes')}>
          <Select mode="multiple" options={scopes.map((scope) => ({ value: scope, label: scope }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={issue.isPending}>
          {t('settings.issueKey')}
        </Button>
      </Form>
      <QueryState query={keys}>
        {(page) => (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 560 }}
            dataSource={page.items}
            columns={[
              { title: t('settings.keyName'), dataIndex: 'name', key: 'name' },
              { title: t('settings.keyScopes'), key: 'scopes', render: (key: Schemas['ApiKey']) => key.scopes.map((scope) => <Tag key={scope}>{scope}</Tag>) },
              { title: t('settings.createdAt'), key: 'createdAt', render: (key: Schemas['ApiKey']) => format.dateTime(key.createdAt) },
              {
                title: t('file.actions'),
                key: 'revoke',
                render: (key: Schemas['ApiKey']) => (
                  <Popconfirm title={t('settings.revokeConfirm')} onConfirm={() => revoke.mutate(key.id)} okText={t('settings.revoke')} cancelText={t('form.cancel')}>
                    <Button size="small" danger>
                      {t('settings.revoke')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </Space>
  );
};
