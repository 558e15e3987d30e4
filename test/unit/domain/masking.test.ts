import { describe, expect, it } from 'vitest';
import { maskAddressPart, maskBirthday, maskEmail, maskField, maskIdNumber, maskPhone } from '#shared/domain/masking';

const shownDigits = (masked: string): number => masked.replace(/^\+\d+ /, '').replace(/\*/g, '').length;

describe('maskPhone', () => {
  it('shows a Chinese mobile as +86 138****5678', () => {
    expect(maskPhone('+8613812345678')).toBe('+86 138****5678');
  });

  it('keeps the country calling code apart from the national number', () => {
    expect(maskPhone('+442071838750')).toBe('+44 20*****750');
    expect(maskPhone('+12025550123')).toBe('+1 20*****123');
  });

  it('shows at most half the digits of a short national number', () => {
    const masked = ['+85251234578', '+8610812345', '+6512'].map(maskPhone);

    expect(masked).toEqual(['+852 51****78', '+86 10****45', '+65 *2']);
    expect(masked.map(shownDigits)).toEqual([4, 4, 1]);
  });

  it('keeps the length of the number visible as stars', () => {
    expect(maskPhone('+390612345678')).toBe('+39 06*****678');
  });

  it('shows nothing of something that is not an E.164 number', () => {
    expect(maskPhone('138 1234 5678 ext')).toBe('***');
  });
});

describe('maskEmail', () => {
  it('shows zhang.wei@example.com as z***@example.com', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
  });

  it('hides the length of the local part', () => {
    const short = maskEmail('zw@example.com');

    const long = maskEmail('zhang.wei.the.second@example.com');

    expect(short).toBe('z***@example.com');
    expect(long).toBe('z***@example.com');
  });

  it('stars a one-character local part entirely', () => {
    expect(maskEmail('a@example.com')).toBe('***@example.com');
  });

  it('keeps a Chinese first character whole', () => {
    expect(maskEmail('张伟@例子.中国')).toBe('张***@例子.中国');
  });

  it('shows nothing of something that is not an email', () => {
    expect(maskEmail('zhang.wei')).toBe('***');
  });
});

describe('maskIdNumber', () => {
  it('shows a resident id as 1101**********1234', () => {
    expect(maskIdNumber('110101199003071234')).toBe('1101**********1234');
  });

  it('keeps the length, one star per hidden character', () => {
    expect(maskIdNumber('11010119900307123X')).toHaveLength(18);
  });

  it('shows at most half of a short number such as a passport', () => {
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
    expect(maskIdNumber('ABCD')).toBe('A**D');
  });
});

describe('maskBirthday', () => {
  it('shows 1990-03-15 as ****-03-15', () => {
    expect(maskBirthday('1990-03-15')).toBe('****-03-15');
  });

  it('shows nothing of something that is not a date', () => {
    expect(maskBirthday('15/03/1990')).toBe('****-**-**');
  });
});

describe('maskAddressPart', () => {
  it('shows an address line or postal code as ***', () => {
    expect(maskAddressPart('北京市朝阳区建国路88号')).toBe('***');
    expect(maskAddressPart('100020')).toBe('***');
  });
});

describe('maskField', () => {
  it('masks each sensitive field of API.md by its path', () => {
    const values = {
      phone: '+8613812345678',
      email: 'zhang.wei@example.com',
      idNumber: '110101199003071234',
      birthday: '1990-03-15',
      'address.line1': '建国路88号',
      'address.postalCode': '100020',
      'contacts.0.phone': '+8613812345678',
      'contacts.3.email': 'zhang.wei@example.com',
    };

    const masked = Object.fromEntries(Object.entries(values).map(([path, value]) => [path, maskField(path, value)]));

    expect(masked).toEqual({
      phone: '+86 138****5678',
      email: 'z***@example.com',
      idNumber: '1101**********1234',
      birthday: '****-03-15',
      'address.line1': '***',
      'address.postalCode': '***',
      'contacts.0.phone': '+86 138****5678',
      'contacts.3.email': 'z***@example.com',
    });
  });

  it('hides a field it has no mask for', () => {
    expect(maskField('passportScan', 'anything')).toBe('***');
    expect(maskField('toString', 'anything')).toBe('***');
  });
});
