import fc from 'fast-check';
import { validateSync } from 'class-validator';
import { IsUscc } from './is-uscc.decorator';
import { isValidUscc, normalizeUscc, organizationCodeCheckChar, USCC_CHARSET, usccCheckChar } from './uscc';

// Published codes of well-known companies (national enterprise credit publicity system).
const REAL = {
  '91350100M000100Y43': 'the GB 32100 example commonly cited',
  '914403001922038216': '华为技术有限公司',
  '9144030071526726XG': '腾讯科技（深圳）有限公司',
  '91330100799655058B': '阿里巴巴（中国）有限公司',
  '91110108551385082Q': '小米科技有限责任公司',
  '91110000802100433B': '百度在线网络技术（北京）有限公司',
};

describe('统一社会信用代码 (GB 32100)', () => {
  it.each(Object.entries(REAL))('accepts %s (%s)', (code) => {
    expect(isValidUscc(code)).toBe(true);
    expect(isValidUscc(code, { strictOrganizationCode: true })).toBe(true);
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('computes the check characters of a 永康 MA-style code', () => {
    const body = 'MA2DCJ9K';
    expect(organizationCodeCheckChar(body)).toBe('0');
    const first17 = `91330784${body}0`;
    expect(usccCheckChar(first17)).toBe('L');
    expect(isValidUscc(`${first17}L`, { strictOrganizationCode: true })).toBe(true);
    // the brief's illustration 91330784MA2DCJ9K4X is format-correct but does not check
    expect(isValidUscc('91330784MA2DCJ9K4X')).toBe(false);
  });

  it('maps 11 to "0" and 10 to "X" in the organization code check (GB 11714)', () => {
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
    expect(organizationCodeCheckChar('10000004')).toBe('0');
    expect(organizationCodeCheckChar('71093123')).toBe('X');
    expect(organizationCodeCheckChar('10000795')).toBe('5');
  });

  it.each([
    ['', 'empty'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y433', '19 characters'],
    ['91350100M000100Y44', 'wrong check character'],
    ['91350100m000100y43', 'lower case'],
    ['91350100M000100I43', 'I is not in the charset'],
    ['01350100M000100Y43', 'registration authority 0 does not exist'],
    ['B1350100M000100Y43', 'registration authority B does not exist'],
    ['903501A0M000100Y43', 'the division code is digits'],
  ])('rejects %j (%s)', (code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it('rejects non-strings without throwing', () => {
    expect(isValidUscc(undefined as unknown as string)).toBe(false);
    expect(isValidUscc(91350100 as unknown as string)).toBe(false);
  });

  it('strict mode also checks characters 9–17 as an organization code', () => {
    // 个体工商户 codes may carry a body that is not a GB 11714 code; the 18th character still checks
    const first17 = '92330784MA2DCJ9K4';
    const code = first17 + usccCheckChar(first17);
    expect(isValidUscc(code)).toBe(true);
    expect(isValidUscc(code, { strictOrganizationCode: true })).toBe(false);
  });

  it('detects every single-character substitution (check value mod 31 is a prime field)', () => {
    const chars = [...USCC_CHARSET];
    const body = fc.tuple(fc.constantFrom(...'159Y'), fc.constantFrom(...'123'), fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }), fc.array(fc.constantFrom(...chars), { minLength: 9, maxLength: 9 }));
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), ([a, t, division, rest], position, shift) => {
        const first17 = a + t + division.join('') + rest.join('');
        const code = first17 + usccCheckChar(first17);
        expect(isValidUscc(code)).toBe(true);
        const changed = chars[(chars.indexOf(code[position]) + shift) % 31];
        const typo = code.slice(0, position) + changed + code.slice(position + 1);
        expect(typo === code || usccCheckChar(typo.slice(0, 17)) !== typo[17]).toBe(true);
      }),
    );
  });

  it('normalises typed input', () => {
    expect(normalizeUscc(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('throws on a body of the wrong length or charset', () => {
    expect(() => usccCheckChar('9135')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});

describe('@IsUscc()', () => {
  class Dto {
    @IsUscc()
    uscc: unknown;
  }
  const errors = (uscc: unknown) => validateSync(Object.assign(new Dto(), { uscc }));

  it('passes a valid code and names the field otherwise', () => {
    expect(errors('914403001922038216')).toHaveLength(0);
    const [error] = errors('914403001922038217');
    expect(error.property).toBe('uscc');
    expect(Object.values(error.constraints ?? {})[0]).toMatch(/uscc must be a valid 统一社会信用代码/);
    expect(errors(42)).toHaveLength(1);
  });
});
