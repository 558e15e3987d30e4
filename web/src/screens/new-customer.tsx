import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { answer, api, ApiProblem, type Body } from '#web/api/client.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { CustomerFields, customerBody, type CustomerFormValues } from './customer-fields.tsx';

/** Opens a customer file; a phone or email that another customer has is answered with that customer. */
export const NewCustomer = () => {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { form, formError, showProblem } = useApiForm<CustomerFormValues>();
  const create = useMutation({
    mutationFn: (values: CustomerFormValues) =>
      answer(api.POST('/v1/customers', { body: customerBody(values) as Body<'create-customer'> })),
    onSuccess: (customer) => {
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void message.success(t('customer.created'));
      navigate(`/customers/${customer.id}`);
    },
    onError: showProblem,
  });
  const existing = create.error instanceof ApiProblem ? create.error.problem.existingCustomerId : undefined;

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('customer.newTitle')}
      </Typography.Title>
      {existing && (
        <Alert type="warning" role="alert" showIcon style={{ marginBottom: 16 }} title={t('customer.duplicate')} action={<Link to={`/customers/${existing}`}>{t('customer.openExisting')}</Link>} />
      )}
      {!existing && <FormError message={formError} />}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ consent: { marketingSms: false, marketingEmail: false } }} onFinish={(values) => create.mutate(values)} style={{ maxWidth: 560 }}>
        <CustomerFields />
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('customer.save')}
        </Button>
      </Form>
    </Card>
  );
};
