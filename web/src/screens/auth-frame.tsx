import { Button, Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLanguage } from '#web/i18n/language.tsx';
import '#web/layout/console.css';

/** The frame of the screens before a session: sign-up and sign-in, with the language switch. */
export const AuthFrame = ({ title, children }: { title: string; children: ReactNode }) => {
  const { t, language, setLanguage } = useLanguage();
  return (
    <main className="console-auth">
      <Card className="console-auth-card">
        <div className="console-page-header">
          <Typography.Text strong>{t('app.name')}</Typography.Text>
          <Button size="small" lang={language === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLanguage(language === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {t('app.switchLanguage')}
          </Button>
        </div>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {title}
        </Typography.Title>
        {children}
      </Card>
    </main>
  );
};
