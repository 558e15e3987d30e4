import type { CustomerView } from './customer-query.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { answer, api } from '#web/api/client.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { useDebounced } from '#web/screens/use-debounced.ts';

/** Merge a duplicate into this customer: pick the other one by name (a duplicate usually shares it). */
export const MergeButton = ({ customer }: { customer: CustomerView }) => {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  // Until something is typed, the customers who share this one's name: a duplicate usually does.
  const term = useDebounced(search, 250).trim() || customer.name;
  const { form, formError, showProblem } = useApiForm<{ sourceCustomerId: string }>();
  const candidates = useQuery({
    queryKey: ['customers', 'merge', term],
    queryFn: () => answer(api.GET('/v1/customers', { params: { query: { q: term, limit: 20 } } })),
    enabled: open,
  });
  const merge = useMutation({
    mutationFn: (body: { sourceCustomerId: string }) => answer(api.POST('/v1/customers/{customerId}/merge', { params: { path: { customerId: customer.id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      void message.success(t('file.merged'));
      setOpen(false);
    },
    onError: showProblem,
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('file.merge')}</Button>
      <Modal title={t('file.merge')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('file.merge')} cancelText={t('form.cancel')} confirmLoading={merge.isPending} destroyOnHidden>
        <Typography.Paragraph>{t('file.mergeHelp')}</Typography.Paragraph>
        <FormError message={formError} />
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(body) => merge.mutate(body)}>
          <Form.Item name="sourceCustomerId" label={t('file.mergeSource')} rules={[{ required: true, message: t('form.required') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
              loading={candidates.isFetching}
              options={(candidates.data?.items ?? [])
                .filter((candidate) => candidate.id !== customer.id)
                .map((candidate) => ({ value: candidate.id, label: `${candidate.name} · ${candidate.phone ?? candidate.email ?? candidate.id}` }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
};

/** Erasure, confirmed by typing the customer's name: the file and every record go for good. */
export const EraseButton = ({ customer }: { customer: CustomerView }) => {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => answer(api.DELETE('/v1/customers/{customerId}', { params: { path: { customerId: customer.id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['customer', customer.id] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void message.success(t('file.erased'));
      navigate('/customers', { replace: true });
    },
  });
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('file.erase')}
      </Button>
      <Modal
        title={t('file.erase')}
        open={open}
        onCancel={() => setOpen(false)}
        okText={t('file.erase')}
        okButtonProps={{ danger: true, disabled: typed.trim() !== customer.name }}
        cancelText={t('form.cancel')}
        onOk={() => erase.mutate()}
        confirmLoading={erase.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('file.eraseConfirm', { name: customer.name })}</Typography.Paragraph>
        <FormError message={erase.error ? erase.error.message : null} />
        <Input aria-label={t('file.eraseTyped')} placeholder={t('file.eraseTyped')} value={typed} onChange={(event) => setTyped(event.target.value)} />
      </Modal>
    </>
  );
};
