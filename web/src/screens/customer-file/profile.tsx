import type { CustomerView } from './customer-query.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Space, Tag } from 'antd';
import { useState } from 'react';
import { answer, api, ApiProblem, type Body } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { CustomerFields, customerBody, type CustomerFormValues } from '#web/screens/customer-fields.tsx';
import { customerKeys } from './customer-query.ts';

type Customer = CustomerView;

const editableValues = (customer: Customer): CustomerFormValues => ({
  name: customer.name,
  gender: customer.gender,
  address: { city: customer.address?.city },
  tags: customer.tags,
  consent: { marketingSms: customer.consent.marketingSms, marketingEmail: customer.consent.marketingEmail },
});

export const ProfileView = ({ customer }: { customer: Customer }) => {
  const t = useT();
  const format = useTenantFormat();
  const none = t('file.none');
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
      <Descriptions.Item label={t('customer.name')}>{customer.name}</Descriptions.Item>
      <Descriptions.Item label={t('customer.phone')}>{customer.phone ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('customer.email')}>{customer.email ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('customer.birthday')}>{customer.birthday ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('customer.gender')}>{customer.gender ? t(`customer.gender.${customer.gender}` as const) : none}</Descriptions.Item>
      <Descriptions.Item label={t('customer.city')}>{customer.address?.city ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('file.tags')}>{customer.tags.length ? customer.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : none}</Descriptions.Item>
      <Descriptions.Item label={t('file.consent')}>
        {[customer.consent.marketingSms && t('customer.consentSms'), customer.consent.marketingEmail && t('customer.consentEmail')].filter(Boolean).join('；') || none}
      </Descriptions.Item>
      <Descriptions.Item label={t('file.createdAt')}>{format.dateTime(customer.createdAt)}</Descriptions.Item>
    </Descriptions>
  );
};

/** A merge patch of what the form changed: changed fields, `null` for a field emptied. */
const changesFrom = (base: Customer, values: CustomerFormValues): Record<string, unknown> => {
  const before = customerBody(editableValues(base));
  const after = customerBody(values);
  const patch: Record<string, unknown> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(name in after)) patch[name] = null;
    else if (JSON.stringify(after[name]) !== JSON.stringify(before[name])) patch[name] = after[name];
  }
  return patch;
};

/**
 * Edits the profile with optimistic concurrency: the change is sent with `If-Match` of the version
 * shown; if someone changed the customer meanwhile (412), the new values are shown and the edit
 * starts again from them rather than overwriting.
 */
export const ProfileEditor = ({ customer, onDone }: { customer: Customer; onDone: () => void }) => {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [base, setBase] = useState(customer);
  const [latest, setLatest] = useState<Customer | null>(null);
  const { form, formError, showProblem } = useApiForm<CustomerFormValues>();
  const save = useMutation({
    mutationFn: (values: CustomerFormValues) =>
      answer(
        api.PATCH('/v1/customers/{customerId}', {
          params: { path: { customerId: customer.id }, header: { 'If-Match': `"${base.version}"` } },
          body: changesFrom(base, values) as Body<'update-customer'>,
        }),
      ),
    onSuccess: async () => {
      await Promise.all(customerKeys(customer.id).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      void message.success(t('form.saved'));
      onDone();
    },
    onError: async (error) => {
      if (error instanceof ApiProblem && error.status === 412) {
        setLatest(await answer(api.GET('/v1/customers/{customerId}', { params: { path: { customerId: customer.id } } })));
        return;
      }
      showProblem(error);
    },
  });
  const editLatest = () => {
    if (!latest) return;
    setBase(latest);
    form.resetFields();
    form.setFieldsValue(editableValues(latest));
    setLatest(null);
    void queryClient.invalidateQueries({ queryKey: ['customer', customer.id] });
  };

  return (
    <>
      {latest && (
        <Alert
          type="warning"
          role="alert"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('file.stale')}
          description={
            <>
              <p>{t('file.staleDetail')}</p>
              <ProfileView customer={latest} />
            </>
          }
          action={<Button onClick={editLatest}>{t('file.useLatest')}</Button>}
        />
      )}
      <FormError message={formError} />
      <Form form={form} layout="vertical" requiredMark={false} initialValues={editableValues(base)} onFinish={(values) => save.mutate(values)} style={{ maxWidth: 560 }}>
        <CustomerFields masked={base} />
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={latest !== null}>
            {t('form.save')}
          </Button>
          <Button onClick={onDone}>{t('form.cancel')}</Button>
        </Space>
      </Form>
    </>
  );
};
