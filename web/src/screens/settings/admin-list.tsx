import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, Button, Form, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { answer } from '#web/api/client.ts';
import { useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import type { MessageKey } from '#web/i18n/messages-zh.ts';
import { QueryState } from '#web/layout/query-state.tsx';

/**
 * What the admin's lists (staff, API keys, webhooks) have in common: a form that adds one — the
 * API's field errors beside its fields, emptied and the list refreshed once added — and a compact
 * table of what there is. The screens place the pieces (a secret shown once, the form's error, the
 * form) where they always were; this holds what they did alike.
 */
export const useCreateForm = <B extends object, Created>(options: {
  send: (body: B) => Promise<{ data?: Created; error?: unknown; response: Response }>;
  /** The list that shows what was added. */
  refresh: QueryKey;
  /** Said once added (where no secret shows that it was). */
  done?: MessageKey;
}) => {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { form, formError, showProblem } = useApiForm<B>();
  const add = useMutation({
    mutationFn: (body: B) => answer(options.send(body)),
    onSuccess: async () => {
      form.resetFields();
      if (options.done) void message.success(t(options.done));
      await queryClient.invalidateQueries({ queryKey: options.refresh });
    },
    onError: showProblem,
  });
  return { form, formError, added: add.data, adding: add.isPending, submit: add.mutate };
};

/** The form of useCreateForm: its fields, then the button that adds. */
export const CreateForm = <B extends object, Created>(props: {
  creator: ReturnType<typeof useCreateForm<B, Created>>;
  submit: MessageKey;
  initialValues?: Partial<B>;
  maxWidth: number;
  children: ReactNode;
}) => {
  const t = useT();
  const { form, submit, adding } = props.creator;
  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={props.initialValues} onFinish={(body) => submit(body)} style={{ maxWidth: props.maxWidth }}>
      {props.children}
      <Button type="primary" htmlType="submit" loading={adding}>
        {t(props.submit)}
      </Button>
    </Form>
  );
};

/** A list page of the API (`{items}`) as a compact table, with the loading and failure every screen shows. */
export const AdminTable = <Row extends { id: string }>(props: {
  query: { data?: { items: Row[] }; error: unknown; isPending: boolean; refetch: () => unknown };
  columns: TableColumnsType<Row>;
  empty?: string;
}) => (
  <QueryState query={props.query}>
    {(page) => (
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 560 }}
        dataSource={page.items}
        columns={props.columns}
        {...(props.empty === undefined ? {} : { locale: { emptyText: props.empty } })}
      />
    )}
  </QueryState>
);
