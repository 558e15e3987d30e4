import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Select, Space, Switch, Tag } from 'antd';
import { answer, api, type Body, type Schemas } from '#web/api/client.ts';
import { useMe } from '#web/api/server-state.ts';
import { FormError } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { AdminTable, CreateForm, useCreateForm } from './admin-list.tsx';

type User = Schemas['User'];
const roles = ['admin', 'manager', 'agent', 'viewer'] as const;

/** Staff and their roles: add a user, change a role, disable one. Nobody is offered a role above their own. */
export const Users = () => {
  const t = useT();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const users = useQuery({ queryKey: ['users'], queryFn: () => answer(api.GET('/v1/users', { params: { query: { limit: 200 } } })) });
  const add = useCreateForm({ send: (body: Body<'create-user'>) => api.POST('/v1/users', { body }), refresh: ['users'], done: 'form.saved' });
  const change = useMutation({
    mutationFn: ({ user, patch }: { user: User; patch: Body<'update-user'> }) =>
      answer(api.PATCH('/v1/users/{userId}', { params: { path: { userId: user.id }, header: { 'If-Match': `"${user.version}"` } }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
    onError: (error) => void message.error(error.message),
  });
  const offered = roles.filter((role) => me?.kind !== 'user' || me.role === 'owner' || role !== 'admin' || me.role === 'admin');
  const roleOptions = offered.map((role) => ({ value: role, label: t(`settings.role.${role}` as const) }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <AdminTable
        query={users}
        columns={[
          { title: t('settings.userName'), dataIndex: 'name', key: 'name' },
          { title: t('settings.userEmail'), dataIndex: 'email', key: 'email' },
          {
            title: t('settings.userRole'),
            key: 'role',
            render: (user: User) =>
              user.role === 'owner' || (me?.kind === 'user' && user.id === me.userId) ? (
                <Tag>{t(`settings.role.${user.role}` as const)}</Tag>
              ) : (
                <Select aria-label={`${t('settings.userRole')} · ${user.name}`} size="small" value={user.role} options={roleOptions} onChange={(role) => change.mutate({ user, patch: { role } })} style={{ minWidth: 110 }} />
              ),
          },
          {
            title: t('settings.disabled'),
            key: 'disabled',
            render: (user: User) =>
              user.role === 'owner' ? null : (
                <Switch aria-label={`${t('settings.disabled')} · ${user.name}`} size="small" checked={user.disabled} onChange={(disabled) => change.mutate({ user, patch: { disabled } })} />
              ),
          },
        ]}
      />
      <section>
        <h2 style={{ fontSize: 16 }}>{t('settings.addUser')}</h2>
        <FormError message={add.formError} />
        <CreateForm creator={add} submit="settings.addUser" initialValues={{ role: 'agent' }} maxWidth={480}>
          <Form.Item name="name" label={t('settings.userName')} rules={[{ required: true, message: t('form.required') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="email" label={t('settings.userEmail')} rules={[{ required: true, message: t('form.required') }]}>
            <Input type="email" autoComplete="off" />
          </Form.Item>
          <Form.Item name="role" label={t('settings.userRole')}>
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="password" label={t('settings.userPassword')} rules={[{ required: true, message: t('form.required') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </CreateForm>
      </section>
    </Space>
  );
};
