import { describe, expect, it } from 'vitest';
import { duplicatePairs } from '#shared/domain/duplicates';

describe('duplicate candidates', () => {
  it('pairs the same or nearly the same name in the same city only', () => {
    const pairs = duplicatePairs([
      { id: '1', name: 'Anna Schmidt', city: 'Berlin' },
      { id: '2', name: 'Anne Schmidt', city: 'BERLIN' },
      { id: '3', name: 'Anne Schmidt', city: 'Hamburg' },
      { id: '4', name: '王小明', city: '上海' },
      { id: '5', name: '王小明', city: '上海' },
      { id: '6', name: 'Bob', city: undefined },
      { id: '7', name: 'Bob', city: undefined },
    ]);

    expect(pairs).toEqual([
      { customerIds: ['1', '2'], reason: 'similar-name-same-city' },
      { customerIds: ['4', '5'], reason: 'same-name-same-city' },
    ]);
  });
});
