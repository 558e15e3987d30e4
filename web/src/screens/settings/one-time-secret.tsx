import { Alert, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useT } from '#web/i18n/language.tsx';

/** A secret the API shows once (an API key, a webhook's signing secret), with a copy button. */
export const OneTimeSecret = ({ title, secret }: { title: string; secret: string }) => {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Alert
      type="success"
      role="status"
      showIcon
      title={title}
      description={
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={secret} aria-label={title} onFocus={(event) => event.target.select()} />
          <Button
            onClick={() => {
              void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
            }}
          >
            {copied ? t('settings.copied') : t('settings.copy')}
          </Button>
        </Space.Compact>
      }
    />
  );
};
