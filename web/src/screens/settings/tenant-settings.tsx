import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import type { ReactNode } from 'react';
import { answer, api, type Body, type Schemas } from '#web/api/client.ts';
import { useTenant } from '#web/api/server-state.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useT, type Translate } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';

type Settings = Schemas['TenantSettings'];
type SettingsPatch = Body<'update-tenant-settings'>;

const number = (name: (string | number)[], label: string, props: { min?: number; max?: number } = {}) => (
  <Form.Item name={name} label={label}>
    <InputNumber min={props.min ?? 0} max={props.max} precision={0} style={{ width: '100%', maxWidth: 240 }} />
  </Form.Item>
);

/** Each part of the tenant's settings: its fields (named as PATCH /v1/tenant/settings takes them). */
export const settingsSections = {
  offer: (t: Translate) => (
    <>
      <Form.Item name={['birthdayOffer', 'enabled']} label={t('settings.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
      {number(['birthdayOffer', 'sendHour'], t('settings.sendHour'), { max: 23 })}
      <Form.Item name={['birthdayOffer', 'kind']} label={t('settings.offerKind')}>
        <Select style={{ maxWidth: 240 }} options={(['percent', 'amount', 'points'] as const).map((v) => ({ value: v, label: t(`settings.offerKind.${v}` as const) }))} />
      </Form.Item>
      {number(['birthdayOffer', 'value'], t('settings.offerValue'))}
      {number(['birthdayOffer', 'validDays'], t('settings.validDays'), { min: 1 })}
      <Form.Item name={['birthdayOffer', 'message']} label={t('settings.message')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  ),
  care: (t: Translate) => (
    <>
      {(['afterFirstPurchase', 'afterComplaintResolved', 'whenAtRisk'] as const).map((rule) => (
        <Form.Item key={rule} label={t(`settings.${rule}` as const)} style={{ marginBottom: 8 }}>
          <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
            <Form.Item name={['followupRules', rule, 'enabled']} valuePropName="checked" noStyle>
              <Switch aria-label={`${t(`settings.${rule}` as const)} · ${t('settings.enabled')}`} />
            </Form.Item>
            <Form.Item name={['followupRules', rule, 'delayDays']} noStyle>
              <InputNumber aria-label={t(`settings.${rule}` as const)} min={0} precision={0} />
            </Form.Item>
          </div>
        </Form.Item>
      ))}
      {number(['followupRules', 'escalateAfterHours'], t('settings.escalateAfterHours'), { min: 1 })}
    </>
  ),
  tiers: (t: Translate) => (
    <>
      {number(['tiers', 'vipMinSpend12m'], t('settings.vipMinSpend12m'))}
      {number(['tiers', 'vipMinOrders12m'], t('settings.vipMinOrders12m'))}
      {number(['tiers', 'regularMinOrders12m'], t('settings.regularMinOrders12m'))}
    </>
  ),
  templates: (t: Translate) => (
    <>
      <Form.Item name={['templates', 'birthdayGreeting', 'subject']} label={t('settings.greetingSubject')}>
        <Input />
      </Form.Item>
      <Form.Item name={['templates', 'birthdayGreeting', 'text']} label={t('settings.greetingText')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </>
  ),
  access: (t: Translate) => (
    <Form.Item name="visibility" label={t('settings.visibility')}>
      <Radio.Group>
        <Space orientation="vertical">
          <Radio value="all">{t('settings.visibility.all')}</Radio>
          <Radio value="own">{t('settings.visibility.own')}</Radio>
        </Space>
      </Radio.Group>
    </Form.Item>
  ),
} satisfies Record<string, (t: Translate) => ReactNode>;

const sectionKeys: Record<keyof typeof settingsSections, (keyof Settings)[]> = {
  offer: ['birthdayOffer'],
  care: ['followupRules'],
  tiers: ['tiers'],
  templates: ['templates'],
  access: ['visibility'],
};

/** One part of the settings as a form that saves only that part. */
export const SettingsForm = ({ section }: { section: keyof typeof settingsSections }) => {
  const t = useT();
  const tenant = useTenant();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { form, formError, showProblem } = useApiForm<SettingsPatch>();
  const save = useMutation({
    mutationFn: (values: SettingsPatch) => {
      const body = Object.fromEntries(sectionKeys[section].map((key) => [key, values[key as keyof SettingsPatch]])) as SettingsPatch;
      if (body.templates && !body.templates.birthdayGreeting?.text) body.templates = { birthdayGreeting: null };
      return answer(api.PATCH('/v1/tenant/settings', { body }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tenant'] });
      void message.success(t('form.saved'));
    },
    onError: showProblem,
  });
  return (
    <QueryState query={tenant}>
      {(data) => (
        <>
          <FormError message={formError} />
          <Form form={form} layout="vertical" requiredMark={false} initialValues={data.settings} onFinish={(values) => save.mutate(values)} style={{ maxWidth: 560 }}>
            {settingsSections[section](t)}
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('form.save')}
            </Button>
          </Form>
        </>
      )}
    </QueryState>
  );
};
