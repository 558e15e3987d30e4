import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input, Select } from 'antd';
import { Link, useNavigate } from 'react-router';
import { answer, api } from '#web/api/client.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useLanguage } from '#web/i18n/language.tsx';
import { startSession, tokenExpiry } from '#web/session/session-store.ts';
import { AuthFrame } from './auth-frame.tsx';

interface SignUpForm {
  name: string;
  slug: string;
  ownerName?: string;
  ownerEmail: string;
  ownerPassword: string;
  timezone: string;
  currency: string;
}

const CURRENCIES = ['CNY', 'HKD', 'TWD', 'MOP', 'SGD', 'JPY', 'KRW', 'USD', 'EUR', 'GBP', 'AUD'];
const timeZones = (): string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai']);

/** The hosted sign-up: a business, its workspace address and its owner, signed in at once. */
export const SignUp = () => {
  const { t, language } = useLanguage();
  const navigate = useNavigate();
  const { form, formError, showProblem } = useApiForm<SignUpForm>();
  const signUp = useMutation({
    mutationFn: (body: SignUpForm) => answer(api.POST('/v1/tenants', { body: { ...body, locale: language } })),
    onSuccess: (result) => {
      localStorage.setItem('dossier.workspace', result.tenant.slug);
      const { owner } = result;
      startSession({
        token: result.token,
        tenantSlug: result.tenant.slug,
        user: { id: owner.id, email: owner.email, role: owner.role, name: owner.name },
        expiresAt: tokenExpiry(result.token),
      });
      navigate('/customers', { replace: true });
    },
    onError: showProblem,
  });
  const required = [{ required: true, message: t('form.required') }];

  return (
    <AuthFrame title={t('signup.title')}>
      <FormError message={formError} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai', currency: 'CNY' }}
        onFinish={(values) => signUp.mutate(values)}
      >
        <Form.Item name="name" label={t('signup.businessName')} rules={required}>
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item name="slug" label={t('signup.slug')} extra={t('signup.slugHelp')} rules={required}>
          <Input autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item name="ownerName" label={t('signup.ownerName')}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="ownerEmail" label={t('signup.email')} rules={required}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item name="ownerPassword" label={t('signup.password')} extra={t('signup.passwordHelp')} rules={required}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="timezone" label={t('signup.timezone')} rules={required}>
          <Select showSearch options={timeZones().map((zone) => ({ value: zone, label: zone }))} />
        </Form.Item>
        <Form.Item name="currency" label={t('signup.currency')} rules={required}>
          <Select options={CURRENCIES.map((code) => ({ value: code, label: code }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={signUp.isPending}>
          {t('signup.submit')}
        </Button>
      </Form>
      <p style={{ marginTop: 16 }}>
        <Link to="/signin">{t('signup.haveAccount')}</Link>
      </p>
    </AuthFrame>
  );
};
