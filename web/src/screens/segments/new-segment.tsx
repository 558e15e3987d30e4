import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { answer, api, type Body } from '#web/api/client.ts';
import { useTenantFormat, type TenantFormat } from '#web/format/tenant-format.ts';
import { FormError, useApiForm } from '#web/forms/api-form.tsx';
import { useLanguage } from '#web/i18n/language.tsx';
import { stages, tiers } from '#web/screens/customer-query.ts';
import { monthNames } from './filter-summary.tsx';

/** The form's values, named as POST /v1/segments takes them so that field errors land beside their fields. */
interface SegmentFormValues {
  name: string;
  filter: {
    tier?: (typeof tiers)[number][];
    stage?: (typeof stages)[number][];
    tags?: string[];
    city?: string[];
    /** In the currency's major unit, as staff think of money. */
    minTotalSpend?: number | null;
    lastPurchaseAfter?: Dayjs | null;
    lastPurchaseBefore?: Dayjs | null;
    birthdayMonth?: number | null;
  };
}

/** The body to send: conditions left empty are no condition; money in minor units, days as instants. */
const segmentBody = ({ name, filter }: SegmentFormValues, format: TenantFormat): Body<'create-segment'> => {
  const body: Body<'create-segment'> = { name, filter: {} };
  if (filter.tier?.length) body.filter.tier = filter.tier;
  if (filter.stage?.length) body.filter.stage = filter.stage;
  if (filter.tags?.length) body.filter.tags = filter.tags;
  if (filter.city?.length) body.filter.city = filter.city;
  if (typeof filter.minTotalSpend === 'number') body.filter.minTotalSpend = Math.round(filter.minTotalSpend * 10 ** format.minorDigits);
  if (filter.lastPurchaseAfter) body.filter.lastPurchaseAfter = filter.lastPurchaseAfter.startOf('day').toISOString();
  if (filter.lastPurchaseBefore) body.filter.lastPurchaseBefore = filter.lastPurchaseBefore.startOf('day').toISOString();
  if (typeof filter.birthdayMonth === 'number') body.filter.birthdayMonth = filter.birthdayMonth;
  return body;
};

/** "New segment": a name and the conditions its customers meet; the new segment opens once saved. */
export const NewSegmentButton = () => {
  const { t, language } = useLanguage();
  const format = useTenantFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const { form, formError, setFormError, showProblem } = useApiForm<SegmentFormValues>();
  const create = useMutation({
    mutationFn: (values: SegmentFormValues) => answer(api.POST('/v1/segments', { body: segmentBody(values, format) })),
    onSuccess: async (segment) => {
      await queryClient.invalidateQueries({ queryKey: ['segments'] });
      void message.success(t('segments.created'));
      setOpen(false);
      navigate(`/segments/${segment.id}`);
    },
    onError: showProblem,
  });
  const free = { mode: 'tags' as const, tokenSeparators: [',', '，', ' '], open: false, suffixIcon: null };

  return (
    <>
      <Button type="primary" onClick={() => { setFormError(null); setOpen(true); }}>
        {t('segments.new')}
      </Button>
      <Modal
        title={t('segments.new')}
        open={open}
        width={640}
        onCancel={() => setOpen(false)}
        okText={t('segments.create')}
        cancelText={t('form.cancel')}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <FormError message={formError} />
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => create.mutate(values)}>
          <Form.Item name="name" label={t('segments.name')} rules={[{ required: true, message: t('form.required') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <fieldset className="console-fieldset">
            <legend>{t('segments.filter')}</legend>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'tier']} label={t('customers.tier')}>
                  <Select mode="multiple" allowClear options={tiers.map((v) => ({ value: v, label: t(`tier.${v}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'stage']} label={t('customers.stage')}>
                  <Select mode="multiple" allowClear options={stages.map((v) => ({ value: v, label: t(`stage.${v}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'tags']} label={t('customers.tags')}>
                  <Select {...free} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'city']} label={t('customers.city')}>
                  <Select {...free} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'minTotalSpend']} label={t('segments.minTotalSpend')}>
                  <InputNumber min={0} precision={format.minorDigits} prefix={format.currency} style={{ width: '100%' }} inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'birthdayMonth']} label={t('segments.birthdayMonth')}>
                  <Select allowClear options={monthNames(language).map((name, at) => ({ value: at + 1, label: name }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'lastPurchaseAfter']} label={t('segments.lastPurchaseAfter')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={['filter', 'lastPurchaseBefore']} label={t('segments.lastPurchaseBefore')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </fieldset>
        </Form>
      </Modal>
    </>
  );
};
