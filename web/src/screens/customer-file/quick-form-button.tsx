import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { answer } from '#web/api/client.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import type { MessageKey } from '#web/i18n/messages-zh.ts';
import { customerKeys } from './customer-query.ts';

export type Values = Record<string, unknown>;

/**
 * A button that opens one quick form of the customer file in a dialog and sends it: the API's
 * field errors beside the fields, and the customer's figures and timeline refreshed after.
 */
export const QuickFormButton = (props: {
  customerId: string;
  /** The button's text and the dialog's title. */
  title: string;
  done: MessageKey;
  initial: Values;
  fields: ReactNode;
  send: (values: Values) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  button?: Omit<ButtonProps, 'onClick' | 'children'>;
}) => {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const { form, formError, setFormError, showProblem } = useApiForm<Values>();
  const save = useMutation({
    mutationFn: (values: Values) => answer(props.send(values)),
    onSuccess: async () => {
      await Promise.all(customerKeys(props.customerId).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      void message.success(t(props.done));
      setOpen(false);
    },
    onError: showProblem,
  });
  return (
    <>
      <Button {...props.button} onClick={() => { setFormError(null); setOpen(true); }}>
        {props.title}
      </Button>
      <Modal
        title={props.title}
        open={open}
        onCancel={() => setOpen(false)}
        okText={t('form.save')}
        cancelText={t('form.cancel')}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <FormError message={formError} />
        <Form form={form} layout="vertical" requiredMark={false} initialValues={props.initial} onFinish={(values) => save.mutate(values)}>
          {props.fields}
        </Form>
      </Modal>
    </>
  );
};
