import { Alert, Form, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { ApiProblem } from '#web/api/client.ts';
import { useT } from '#web/i18n/language.tsx';

type FieldName = (string | number)[];

const samePrefix = (name: FieldName, path: string[]) => name.length <= path.length && name.every((part, i) => String(part) === path[i]);

/**
 * Shows an API problem where the user will look for it: each of its field errors (`phone`,
 * `address.city`, `amount.amount`) beside the form field of that name — or of the nearest
 * enclosing name the form has — and the rest above the form.
 */
export const useApiForm = <T,>() => {
  const [form] = Form.useForm<T>();
  const [formError, setFormError] = useState<string | null>(null);
  const showProblem = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiProblem)) {
        setFormError(error instanceof Error ? error.message : String(error));
        return;
      }
      const registered = form.getFieldsError().map((field) => field.name as FieldName);
      const byField = new Map<string, { name: FieldName; errors: string[] }>();
      const unplaced: string[] = [];
      for (const { path, message } of error.problem.errors ?? []) {
        const parts = path.split('.');
        const name = registered.filter((candidate) => samePrefix(candidate, parts)).sort((a, b) => b.length - a.length)[0];
        if (!name) {
          unplaced.push(`${path}: ${message}`);
          continue;
        }
        const key = name.join('.');
        byField.set(key, { name, errors: [...(byField.get(key)?.errors ?? []), message] });
      }
      form.setFields([...byField.values()] as Parameters<typeof form.setFields>[0]);
      const placed = byField.size > 0;
      setFormError(unplaced.length ? unplaced.join('; ') : placed ? null : error.message);
    },
    [form],
  );
  return { form: form as FormInstance<T>, formError, setFormError, showProblem };
};

export const FormError = ({ message }: { message: string | null }) => {
  const t = useT();
  return message ? <Alert type="error" role="alert" showIcon title={t('form.invalid')} description={message} style={{ marginBottom: 16 }} /> : null;
};
