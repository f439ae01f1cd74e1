import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';

/** Text a person typed: at least one visible character, no control characters other than newlines/tabs. */
const TEXT = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const TEXT_MESSAGE = '$property must contain visible text and no control characters';

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Well-formed Unicode only: a lone surrogate (half of an emoji) is no character, cannot be stored as UTF-8
 * (PostgreSQL refuses `\ud800` in jsonb) and is refused here, with the field's name.
 */
export function WellFormed(): PropertyDecorator {
  return ValidateBy({
    name: 'wellFormed',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || isWellFormed(value),
      defaultMessage: () => '$property must be well-formed Unicode (no lone surrogate)',
    },
  });
}

/** Free text of at most `max` characters (trimmed): visible, no control characters, well-formed Unicode. */
export function Text(max: number): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Transform(trim)(target, key);
    MinLength(1)(target, key);
    MaxLength(max)(target, key);
    Matches(TEXT, { message: TEXT_MESSAGE })(target, key);
    WellFormed()(target, key);
  };
}

/** A mainland phone number: an 11-digit mobile (13x–19x) or a landline with its area code (0571-88881234). */
export const MAINLAND_PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const MAINLAND_PHONE_MESSAGE = 'must be a mainland mobile (11 digits) or a landline with area code';
