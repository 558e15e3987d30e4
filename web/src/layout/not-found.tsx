import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from '#web/i18n/language.tsx';

export const NotFound = () => {
  const t = useT();
  return (
    <main>
      <Result status="404" title="404" subTitle={t('app.notFound')} extra={<Link to="/customers"><Button type="primary">{t('app.backHome')}</Button></Link>} />
    </main>
  );
};
