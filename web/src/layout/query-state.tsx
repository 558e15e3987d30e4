import { Alert, Button } from 'antd';
import type { ReactNode } from 'react';
import { ApiProblem } from '#web/api/client.ts';
import { useT } from '#web/i18n/language.tsx';
import { PageLoading } from './console-layout.tsx';

/** A query's loading and failure shown the same way on every screen; its data to `children` once there. */
export const QueryState = <T,>(props: { query: { data?: T; error: unknown; isPending: boolean; refetch: () => unknown }; children: (data: T) => ReactNode }) => {
  const t = useT();
  const { query } = props;
  if (query.error) {
    const forbidden = query.error instanceof ApiProblem && query.error.status === 403;
    return (
      <Alert
        type="error"
        role="alert"
        showIcon
        title={forbidden ? t('app.forbidden') : t('app.error')}
        description={query.error instanceof Error ? query.error.message : undefined}
        action={forbidden ? undefined : <Button size="small" onClick={() => query.refetch()}>{t('app.retry')}</Button>}
      />
    );
  }
  if (query.isPending || query.data === undefined) return <PageLoading />;
  return <>{props.children(query.data)}</>;
};
