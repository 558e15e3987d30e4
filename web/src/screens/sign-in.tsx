import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { answer, api } from '#web/api/client.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT } from '#web/i18n/language.tsx';
import { startSession, tokenExpiry } from '#web/session/session-store.ts';
import { useSession, type ReturnTo } from '#web/session/use-session.tsx';
import { AuthFrame } from './auth-frame.tsx';

interface SignInForm {
  tenantSlug: string;
  email: string;
  password: string;
}

const LAST_WORKSPACE = 'dossier.workspace';

/** Staff sign in to their business's workspace, then go back where they were headed. */
export const SignIn = () => {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const returnTo = (location.state as ReturnTo | null)?.from ?? '/customers';
  const { form, formError, showProblem } = useApiForm<SignInForm>();
  const signIn = useMutation({
    mutationFn: (body: SignInForm) => answer(api.POST('/v1/auth/login', { body })),
    onSuccess: (result, body) => {
      localStorage.setItem(LAST_WORKSPACE, body.tenantSlug);
      startSession({ token: result.token, tenantSlug: body.tenantSlug, user: result.user, expiresAt: tokenExpiry(result.token) });
      navigate(returnTo, { replace: true });
    },
    onError: showProblem,
  });
  if (session && !signIn.isSuccess) return <Navigate to={returnTo} replace />;

  return (
    <AuthFrame title={t('signin.title')}>
      <FormError message={formError} />
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ tenantSlug: localStorage.getItem(LAST_WORKSPACE) ?? '' }} onFinish={(values) => signIn.mutate(values)}>
        <Form.Item name="tenantSlug" label={t('signin.slug')} rules={[{ required: true, message: t('form.required') }]}>
          <Input autoComplete="organization" autoCapitalize="none" />
        </Form.Item>
        <Form.Item name="email" label={t('signin.email')} rules={[{ required: true, message: t('form.required') }]}>
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('signin.password')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
          {t('signin.submit')}
        </Button>
      </Form>
      <p style={{ marginTop: 16 }}>
        <Link to="/signup">{t('signin.noAccount')}</Link>
      </p>
    </AuthFrame>
  );
};
