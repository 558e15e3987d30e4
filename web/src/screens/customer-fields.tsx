import type { CustomerView } from './customer-file/customer-query.ts';
import { Checkbox, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '#web/i18n/language.tsx';

/** The profile fields as the form holds them: the API's names, a birthday as a date picker value. */
export interface CustomerFormValues {
  type?: 'individual' | 'business';
  name?: string;
  phone?: string;
  email?: string;
  birthday?: Dayjs | null;
  gender?: CustomerView['gender'];
  address?: { city?: string };
  tags?: string[];
  consent?: { marketingSms?: boolean; marketingEmail?: boolean };
}

/** The values to send: empty fields left out, the birthday as `YYYY-MM-DD`. */
export const customerBody = (values: CustomerFormValues) => {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    body[name] = name === 'birthday' ? (value as Dayjs).format('YYYY-MM-DD') : value;
  }
  if (values.address && !values.address.city) delete body.address;
  return body;
};

/**
 * The fields of a customer, for the new-customer form and the profile editor. Sensitive fields are
 * shown masked and never put back into an input: left empty, they stay as they are.
 */
export const CustomerFields = ({ masked }: { masked?: CustomerView }) => {
  const t = useT();
  const keep = (value?: string) => (value ? `${value}` : undefined);
  return (
    <>
      <Form.Item name="name" label={t('customer.name')} rules={[{ required: !masked, message: t('form.required') }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="phone" label={t('customer.phone')}>
        <Input type="tel" inputMode="tel" autoComplete="off" placeholder={keep(masked?.phone)} />
      </Form.Item>
      <Form.Item name="email" label={t('customer.email')}>
        <Input type="email" autoComplete="off" placeholder={keep(masked?.email)} />
      </Form.Item>
      <Form.Item name="birthday" label={t('customer.birthday')}>
        <DatePicker style={{ width: '100%' }} placeholder={keep(masked?.birthday)} />
      </Form.Item>
      <Form.Item name="gender" label={t('customer.gender')}>
        <Select allowClear options={(['female', 'male', 'other', 'unknown'] as const).map((g) => ({ value: g, label: t(`customer.gender.${g}` as const) }))} />
      </Form.Item>
      <Form.Item name={['address', 'city']} label={t('customer.city')}>
        <Input />
      </Form.Item>
      <Form.Item name="tags" label={t('customer.tags')}>
        <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name={['consent', 'marketingSms']} valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox>{t('customer.consentSms')}</Checkbox>
      </Form.Item>
      <Form.Item name={['consent', 'marketingEmail']} valuePropName="checked">
        <Checkbox>{t('customer.consentEmail')}</Checkbox>
      </Form.Item>
    </>
  );
};
