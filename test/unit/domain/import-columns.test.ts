import { describe, expect, it } from 'vitest';
import { cellValueOf, customerDraftOf, normalizeDate, targetOf, type ColumnTarget } from '#shared/domain/import-columns';
import { upsertPatchOf } from '#shared/domain/imports';
import type { CustomerView } from '#shared/domain/customer-view';

const draft = (cells: [string, string][]) => customerDraftOf(new Map(cells.map(([header, value]) => [targetOf(header) as ColumnTarget, value])));

describe('import columns', () => {
  it('knows a field by its Chinese or English name, in any case, width or spacing', () => {
    expect(targetOf('手机号码')).toEqual({ field: 'phone' });
    expect(targetOf(' E-Mail ')).toEqual({ field: 'email' });
    expect(targetOf('ＮＡＭＥ')).toEqual({ field: 'name' });
    expect(targetOf('出生日期')).toEqual({ field: 'birthday' });
    expect(targetOf('externalIds.erp')).toEqual({ externalSystem: 'erp' });
    expect(targetOf('外部编号：pos')).toEqual({ externalSystem: 'pos' });
    expect(targetOf('积分')).toBeUndefined();
    expect(targetOf('会员电话', { 会员电话: 'phone' })).toEqual({ field: 'phone' });
  });

  it('reads dates as people type them', () => {
    expect(normalizeDate('1990/3/5')).toBe('1990-03-05');
    expect(normalizeDate('1990年3月15日')).toBe('1990-03-15');
    expect(normalizeDate('19900315')).toBe('1990-03-15');
    expect(normalizeDate('15.3.1990')).toBe('15.3.1990');
  });

  it('builds the customer body from the cells a row has', () => {
    expect(draft([['姓名', '王芳'], ['性别', '女'], ['城市', '杭州'], ['标签', '茶友、会员,茶友'], ['短信营销', '是'], ['外部编号', 'erp:1; pos:2'], ['备注', '']])).toEqual({
      name: '王芳',
      gender: 'female',
      address: { city: '杭州' },
      tags: ['茶友', '会员'],
      consent: { marketingSms: true },
      externalIds: { erp: '1', pos: '2' },
    });
  });

  it("takes off the apostrophe an export put before a formula-like cell, and nothing else", () => {
    expect(cellValueOf("'+86 138****5678")).toBe('+86 138****5678');
    expect(cellValueOf("'0571")).toBe("'0571");
  });

  it('asks an existing customer to change only what differs, tags as a set', () => {
    const existing = { name: '王芳', tags: ['茶友', '会员'], address: { city: '杭州', province: '浙江' }, phone: '+8613800138000' } as unknown as CustomerView;

    expect(upsertPatchOf(existing, { name: '王芳', tags: ['会员', '茶友'], address: { city: '杭州' }, phone: '+8613800138000' })).toEqual({});
    expect(upsertPatchOf(existing, { name: '王芳', address: { city: '宁波' } })).toEqual({ address: { city: '宁波' } });
  });
});
