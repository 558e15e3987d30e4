import { DatePicker, Form, Input, InputNumber, Rate, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { api, type Body } from '#web/api/client.ts';
import { useTenantFormat, type TenantFormat } from '#web/format/tenant-format.ts';
import { useT, type Translate } from '#web/i18n/language.tsx';
import type { MessageKey } from '#web/i18n/messages-zh.ts';
import { currentSession } from '#web/session/session-store.ts';
import { QuickFormButton, type Values } from './quick-form-button.tsx';
const path = (customerId: string) => ({ params: { path: { customerId } } });

/**
 * The quick forms of the customer file, one declaration each: the button that opens it, its
 * fields (named as the API's body, so field errors land beside them), the body it sends.
 */
const recordForms = {
  purchase: {
    opens: 'file.recordPurchase',
    done: 'purchase.recorded',
    initial: { channel: 'store', paymentMethod: 'wechat' },
    fields: (t: Translate, format: TenantFormat) => (
      <>
        <Form.Item name="amount" label={t('purchase.amount')} rules={[{ required: true, message: t('form.required') }]}>
          <InputNumber min={0} precision={format.minorDigits} prefix={format.currency} style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="channel" label={t('purchase.channel')}>
          <Select options={(['store', 'online', 'phone', 'app', 'other'] as const).map((v) => ({ value: v, label: t(`channel.${v}` as const) }))} />
        </Form.Item>
        <Form.Item name="paymentMethod" label={t('purchase.paymentMethod')}>
          <Select options={(['wechat', 'alipay', 'card', 'cash', 'transfer', 'credit', 'other'] as const).map((v) => ({ value: v, label: t(`pay.${v}` as const) }))} />
        </Form.Item>
      </>
    ),
    send: (customerId: string, v: Values, format: TenantFormat) =>
      api.POST('/v1/customers/{customerId}/transactions', {
        ...path(customerId),
        body: {
          occurredAt: new Date().toISOString(),
          amount: { amount: Math.round(Number(v.amount) * 10 ** format.minorDigits), currency: format.currency },
          channel: v.channel,
          paymentMethod: v.paymentMethod,
        } as Body<'add-transaction'>,
      }),
  },
  conversation: {
    opens: 'file.logConversation',
    done: 'form.saved',
    initial: { channel: 'phone', direction: 'outbound' },
    fields: (t: Translate) => (
      <>
        <Form.Item name="channel" label={t('conversation.channel')}>
          <Select options={(['phone', 'wechat', 'visit', 'sms', 'email', 'chat', 'social', 'other'] as const).map((v) => ({ value: v, label: t(`ichannel.${v}` as const) }))} />
        </Form.Item>
        <Form.Item name="direction" label={t('conversation.direction')}>
          <Select options={(['outbound', 'inbound'] as const).map((v) => ({ value: v, label: t(`conversation.${v}` as const) }))} />
        </Form.Item>
        <Form.Item name="topic" label={t('conversation.topic')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="summary" label={t('conversation.summary')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </>
    ),
    send: (customerId: string, v: Values) =>
      api.POST('/v1/customers/{customerId}/interactions', { ...path(customerId), body: { occurredAt: new Date().toISOString(), ...v } as Body<'add-interaction'> }),
  },
  complaint: {
    opens: 'file.logComplaint',
    done: 'complaint.logged',
    initial: {},
    fields: (t: Translate) => (
      <>
        <Form.Item name="content" label={t('complaint.content')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="rating" label={t('complaint.rating')}>
          <Rate aria-label={t('complaint.rating')} />
        </Form.Item>
      </>
    ),
    send: (customerId: string, v: Values) =>
      api.POST('/v1/customers/{customerId}/feedback', { ...path(customerId), body: { type: 'complaint', content: v.content, ...(v.rating ? { rating: v.rating } : {}) } as Body<'add-feedback'> }),
  },
  followup: {
    opens: 'file.addFollowup',
    done: 'followup.added',
    initial: {},
    fields: (t: Translate) => (
      <>
        <Form.Item name="title" label={t('followup.title')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="dueAt" label={t('followup.dueAt')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="notes" label={t('followup.notes')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </>
    ),
    send: (customerId: string, v: Values) =>
      api.POST('/v1/customers/{customerId}/followups', {
        ...path(customerId),
        // Assigned to whoever schedules it: it then shows in their work list (/followups).
        body: { title: v.title, dueAt: (v.dueAt as Dayjs).toISOString(), assigneeUserId: currentSession()?.user.id, ...(v.notes ? { notes: v.notes } : {}) } as Body<'add-followup'>,
      }),
  },
  coupon: {
    opens: 'file.issueCoupon',
    done: 'coupon.issued',
    initial: { kind: 'percent', validDays: 30 },
    fields: (t: Translate) => (
      <>
        <Form.Item name="kind" label={t('settings.offerKind')}>
          <Select options={(['percent', 'amount', 'points'] as const).map((v) => ({ value: v, label: t(`settings.offerKind.${v}` as const) }))} />
        </Form.Item>
        <Form.Item name="value" label={t('settings.offerValue')} rules={[{ required: true, message: t('form.required') }]}>
          <InputNumber min={1} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="validDays" label={t('settings.validDays')}>
          <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="title" label={t('coupon.title')}>
          <Input />
        </Form.Item>
      </>
    ),
    send: (customerId: string, v: Values) =>
      api.POST('/v1/customers/{customerId}/coupons', { ...path(customerId), body: Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined && value !== '')) as Body<'add-coupon'> }),
  },
  points: {
    opens: 'file.adjustPoints',
    done: 'form.saved',
    initial: {},
    fields: (t: Translate) => (
      <>
        <Form.Item name="delta" label={t('points.delta')} rules={[{ required: true, message: t('form.required') }]}>
          <InputNumber precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('points.reason')} rules={[{ required: true, message: t('form.required') }]}>
          <Input />
        </Form.Item>
      </>
    ),
    send: (customerId: string, v: Values) => api.POST('/v1/customers/{customerId}/points', { ...path(customerId), body: v as Body<'add-points-entry'> }),
  },
} satisfies Record<string, RecordFormDeclaration>;

interface RecordFormDeclaration {
  opens: MessageKey;
  done: MessageKey;
  initial: Values;
  fields: (t: Translate, format: TenantFormat) => ReactNode;
  send: (customerId: string, values: Values, format: TenantFormat) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

export type RecordFormName = keyof typeof recordForms;
export const recordFormNames = Object.keys(recordForms) as RecordFormName[];

/** The button of one quick form of the file (record a purchase, log a complaint…). */
export const RecordFormButton = ({ name, customerId, primary }: { name: RecordFormName; customerId: string; primary?: boolean }) => {
  const t = useT();
  const format = useTenantFormat();
  const declaration: RecordFormDeclaration = recordForms[name];
  return (
    <QuickFormButton
      customerId={customerId}
      title={t(declaration.opens)}
      done={declaration.done}
      initial={declaration.initial}
      fields={declaration.fields(t, format)}
      send={(values) => declaration.send(customerId, values, format)}
      button={{ type: primary ? 'primary' : 'default' }}
    />
  );
};
