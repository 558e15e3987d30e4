import { describe, expect, it } from 'vitest';
import { readableDate, renderTemplate, templateFor } from '#shared/domain/message-templates';

const tenant = (locale: string, templates = {}) => ({ locale, settings: { templates } });
const values = { name: '张伟', couponCode: 'K7Q2M9XA', validUntil: '2027年4月14日', tenantName: '莲花茶馆' };

describe('message templates', () => {
  it("uses the default of the tenant's language, Chinese for zh-*, English otherwise", () => {
    expect(renderTemplate(templateFor('birthdayGreeting', tenant('zh-CN')), values, 'sms')).toEqual({ text: '张伟，生日快乐！莲花茶馆送您一张优惠券：K7Q2M9XA，2027年4月14日前有效。' });
    expect(renderTemplate(templateFor('birthdayGreeting', tenant('en-GB')), values, 'email').subject).toBe('Happy birthday from 莲花茶馆');
  });

  it("prefers the tenant's own wording, and gives an SMS no subject", () => {
    const own = tenant('zh-CN', { birthdayGreeting: { subject: '{name}的生日礼物', text: '{name}：{couponCode}' } });
    expect(renderTemplate(templateFor('birthdayGreeting', own), values, 'email')).toEqual({ subject: '张伟的生日礼物', text: '张伟：K7Q2M9XA' });
    expect(renderTemplate(templateFor('birthdayGreeting', own), values, 'sms')).toEqual({ text: '张伟：K7Q2M9XA' });
  });

  it('leaves a placeholder it has no value for as written, rather than blank', () => {
    expect(renderTemplate({ text: 'Hi {name}, {unknown}' }, values, 'sms').text).toBe('Hi 张伟, {unknown}');
  });

  it("writes dates in the tenant's language and zone", () => {
    const instant = new Date('2027-04-13T17:00:00Z');
    expect(readableDate(instant, 'zh-CN', 'Asia/Shanghai')).toBe('2027年4月14日');
    expect(readableDate(instant, 'en-US', 'America/New_York')).toBe('April 13, 2027');
  });
});
