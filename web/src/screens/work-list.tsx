import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { answer } from '#web/api/client.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import type { MessageKey } from '#web/i18n/messages-zh.ts';

/**
 * The one action of a work list: a button that asks for one text (a resolution, an outcome) and
 * sends it; the lists refresh after. Complaints and follow-ups both close this way.
 */
export const CloseWithText = (props: {
  opens: MessageKey;
  field: string;
  label: MessageKey;
  done: MessageKey;
  send: (text: string) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  refresh: readonly unknown[][];
}) => {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const { form, formError, showProblem } = useApiForm<Record<string, string>>();
  const close = useMutation({
    mutationFn: (text: string) => answer(props.send(text)),
    onSuccess: async () => {
      setOpen(false);
      void message.success(t(props.done));
      await Promise.all(props.refresh.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
    onError: showProblem,
  });
  return (
    <>
      <Button type="primary" size="small" onClick={() => setOpen(true)}>
        {t(props.opens)}
      </Button>
      <Modal title={t(props.opens)} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t(props.opens)} cancelText={t('form.cancel')} confirmLoading={close.isPending} destroyOnHidden>
        <FormError message={formError} />
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => close.mutate(values[props.field] ?? '')}>
          <Form.Item name={props.field} label={t(props.label)} rules={[{ required: true, message: t('form.required') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
};
