import { Form, Input, InputNumber, Typography } from 'antd';
import { api, type Schemas } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import { QuickFormButton } from './quick-form-button.tsx';

type Purchase = Schemas['Transaction'];

/**
 * Refund all or part of one purchase: the amount starts at what is left of it. The purchase, the
 * customer's spend, orders, tier and points follow (POST …/refunds), and the file refreshes.
 */
export const RefundButton = ({ purchase }: { purchase: Purchase }) => {
  const t = useT();
  const format = useTenantFormat();
  const { currency } = purchase.amount;
  const left = purchase.amount.amount - purchase.refundedAmount.amount;
  const scale = 10 ** format.minorDigits;
  return (
    <QuickFormButton
      customerId={purchase.customerId}
      title={t('refund.open')}
      done="refund.done"
      initial={{ amount: left / scale }}
      button={{ size: 'small' }}
      fields={
        <>
          <Typography.Paragraph>
            {format.money(purchase.amount)} · {format.dateTime(purchase.occurredAt)}
          </Typography.Paragraph>
          <Form.Item
            name="amount"
            label={t('refund.amount')}
            extra={t('refund.left', { amount: format.money({ amount: left, currency }) })}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <InputNumber min={0} max={left / scale} precision={format.minorDigits} prefix={currency} style={{ width: '100%' }} inputMode="decimal" />
          </Form.Item>
          <Form.Item name="reason" label={t('refund.reason')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      }
      send={(values) =>
        api.POST('/v1/customers/{customerId}/refunds', {
          params: { path: { customerId: purchase.customerId } },
          body: {
            transactionId: purchase.id,
            amount: { amount: Math.round(Number(values.amount) * scale), currency },
            ...(typeof values.reason === 'string' && values.reason.trim() ? { reason: values.reason.trim() } : {}),
          },
        })
      }
    />
  );
};
