import { Alert, Card, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useCan, useMe } from '#web/api/server-state.ts';
import { useT } from '#web/i18n/language.tsx';
import { PageLoading } from '#web/layout/console-layout.tsx';
import { ApiKeys } from './api-keys.tsx';
import { AuditLog } from './audit-log.tsx';
import { SettingsForm } from './tenant-settings.tsx';
import { Users } from './users.tsx';
import { Webhooks } from './webhooks.tsx';

/** Settings for admins: how Dossier works for the tenant, its staff, keys, webhooks and audit log. */
export const Settings = () => {
  const t = useT();
  const can = useCan();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  if (me.isPending) return <PageLoading />;
  if (!can('admin')) return <Alert type="warning" role="alert" showIcon title={t('app.forbidden')} />;
  const tabs = [
    { key: 'offer', label: t('settings.offer'), children: <SettingsForm section="offer" /> },
    { key: 'care', label: t('settings.care'), children: <SettingsForm section="care" /> },
    { key: 'tiers', label: t('settings.tiers'), children: <SettingsForm section="tiers" /> },
    { key: 'templates', label: t('settings.templates'), children: <SettingsForm section="templates" /> },
    { key: 'access', label: t('settings.access'), children: <SettingsForm section="access" /> },
    { key: 'users', label: t('settings.users'), children: <Users /> },
    { key: 'keys', label: t('settings.apiKeys'), children: <ApiKeys /> },
    { key: 'webhooks', label: t('settings.webhooks'), children: <Webhooks /> },
    ...(can('audit:read') ? [{ key: 'audit', label: t('settings.audit'), children: <AuditLog /> }] : []),
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('settings.title')}
      </Typography.Title>
      <Card>
        <Tabs activeKey={params.get('tab') ?? 'offer'} onChange={(tab) => setParams({ tab }, { replace: true })} items={tabs} destroyOnHidden />
      </Card>
    </>
  );
};
