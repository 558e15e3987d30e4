import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useCan, type Permission } from '#web/api/server-state.ts';
import { useLanguage } from '#web/i18n/language.tsx';
import { endSession } from '#web/session/session-store.ts';
import { useSession } from '#web/session/use-session.tsx';
import './console.css';

const sections = ['customers', 'followups', 'complaints', 'reports', 'segments', 'settings'] as const;
/** What a section needs: the menu offers only what the role may open. */
const needs: Partial<Record<(typeof sections)[number], Permission>> = { reports: 'customers:read', segments: 'customers:read', settings: 'admin' };

/** The frame of every signed-in screen: the menu of what the role may open, language, sign-out. */
export const ConsoleLayout = ({ children }: { children: ReactNode }) => {
  const { t, language, setLanguage } = useLanguage();
  const can = useCan();
  const session = useSession();
  const location = useLocation();
  const selected = sections.find((section) => location.pathname.startsWith(`/${section}`));
  const items = sections
    .filter((section) => {
      const permission = needs[section];
      return permission === undefined || can(permission);
    })
    .map((section) => ({ key: section, label: <Link to={`/${section}`}>{t(`nav.${section}`)}</Link> }));

  return (
    <Layout className="console">
      <Layout.Header className="console-header">
        <Link to="/customers" className="console-brand">
          {t('app.name')}
        </Link>
        {/* No overflow menu: Ant Design's hides the items that do not fit behind aria-hidden while their
            links stay focusable (axe: aria-hidden-focus). On a narrow screen the items wrap instead. */}
        <nav aria-label={t('app.menu')} className="console-nav">
          <Menu mode="horizontal" theme="dark" selectedKeys={selected ? [selected] : []} items={items} disabledOverflow />
        </nav>
        <Space className="console-tools" wrap>
          <Typography.Text className="console-user">{session?.user.name}</Typography.Text>
          <Button size="small" lang={language === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLanguage(language === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {t('app.switchLanguage')}
          </Button>
          <Button size="small" onClick={endSession}>
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="console-content">
        <main>{children}</main>
      </Layout.Content>
    </Layout>
  );
};

export const PageLoading = () => {
  const { t } = useLanguage();
  return (
    <div className="console-loading" role="status" aria-label={t('app.loading')}>
      <Spin />
    </div>
  );
};
