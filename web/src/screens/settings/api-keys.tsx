import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Popconfirm, Select, Space, Tag } from 'antd';
import { answer, api, type Body, type Schemas } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { FormError } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { AdminTable, CreateForm, useCreateForm } from './admin-list.tsx';
import { OneTimeSecret } from './one-time-secret.tsx';

const scopes = ['customers:read', 'customers:write', 'customers:reveal', 'customers:delete', 'admin', 'audit:read'] as const;

/** API keys for the tenant's other systems: issued with scopes, the secret shown once, revoked at once. */
export const ApiKeys = () => {
  const t = useT();
  const format = useTenantFormat();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => answer(api.GET('/v1/api-keys', { params: { query: { limit: 200 } } })) });
  const revoke = useMutation({
    mutationFn: (keyId: string) => answer(api.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const issue = useCreateForm({ send: (body: Body<'create-api-key'>) => api.POST('/v1/api-keys', { body }), refresh: ['api-keys'] });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {issue.added && <OneTimeSecret title={t('settings.keyShownOnce')} secret={issue.added.key} />}
      <FormError message={issue.formError} />
      <CreateForm creator={issue} submit="settings.issueKey" initialValues={{ scopes: ['customers:read'] }} maxWidth={480}>
        <Form.Item name="name" label={t('settings.keyName')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="scopes" label={t('settings.keyScopes')}>
          <Select mode="multiple" options={scopes.map((scope) => ({ value: scope, label: scope }))} />
        </Form.Item>
      </CreateForm>
      <AdminTable
        query={keys}
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
    </Space>
  );
};
