/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters =
 * 登记管理部门代码 (1) + 机构类别代码 (1) + 登记管理机关行政区划码 (6) + 主体标识码 (9, the GB 11714
 * organization code with its own check character) + 校验码 (1).
 */

/** The 31 characters a USCC may contain: digits and capitals without I, O, S, V, Z. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// 3^i mod 31 for positions 1..17 (GB 32100 §4.2)
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// GB 11714 weights for the eight body characters of the organization code
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** 登记管理部门代码: 1 机构编制 … 9 市场监管 (工商), A 军队, N 农业, Y 其他. */
const REGISTRATION_AUTHORITIES = '123456789ANY';

const SHAPE = /^[1-9ANY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]$/;

/** The 18th character for the first 17; throws when a character is outside the charset. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`a USCC body has 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]);
    if (value < 0) {
      throw new RangeError(`"${first17[i]}" is not a USCC character`);
    }
    sum += value * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** The 9th character of a GB 11714 organization code (组织机构代码) for its first 8. */
export function organizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError(`an organization code body is 8 characters 0-9A-Z, got "${first8}"`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += parseInt(first8[i], 36) * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * True when `code` is a well-formed USCC whose 18th character checks. Upper case only: normalise
 * user input with `normalizeUscc` first. `strictOrganizationCode` also checks characters 9–17 as a
 * GB 11714 organization code, which some authorities (e.g. 个体工商户 registrations) do not follow.
 */
export function isValidUscc(code: string, options: { strictOrganizationCode?: boolean } = {}): boolean {
  if (typeof code !== 'string' || !SHAPE.test(code) || !REGISTRATION_AUTHORITIES.includes(code[0])) {
    return false;
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
    return false;
  }
  return !options.strictOrganizationCode || organizationCodeCheckChar(code.slice(8, 16)) === code[16];
}

/** Trims and upper-cases what a person typed; the result still needs `isValidUscc`. */
export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase();
}
