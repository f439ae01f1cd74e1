import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';
import { isValidUscc } from './uscc';

/** DTO check: the value is an upper-case 统一社会信用代码 with a correct check character. */
export function IsUscc(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUscc',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidUscc(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a valid 统一社会信用代码 (18 characters with a correct check character)`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
